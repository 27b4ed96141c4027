package com.yuelv.media.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/** Media's part of an export: the photos the person uploaded, what they are attached to and their digests. */
@Component
class MediaDataExport implements PersonalDataExport {

	private final JdbcClient jdbc;

	MediaDataExport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "media";
	}

	@Override
	public Map<String, Object> exportOf(UserId person) {
		var data = new LinkedHashMap<String, Object>();
		data.put("photos", jdbc.sql("""
				select id, subject_id, state, width, height, original_sha, stored_bytes, uploaded_at, attached_at,
				       released_at
				from media.photos where owner_id = ? order by uploaded_at""").param(person.value()).query().listOfRows());
		return data;
	}
}
