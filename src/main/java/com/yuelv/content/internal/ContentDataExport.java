package com.yuelv.content.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/**
 * Content's part of an export: the person's moments (their places opened) with their photos' ids, comments, likes and
 * reports, deleted ones included while they are kept.
 */
@Component
class ContentDataExport implements PersonalDataExport {

	private final JdbcClient jdbc;
	private final FieldCipher cipher;

	ContentDataExport(JdbcClient jdbc, FieldCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	@Override
	public String module() {
		return Sealed.MODULE;
	}

	@Override
	public Map<String, Object> exportOf(UserId person) {
		var data = new LinkedHashMap<String, Object>();
		var moments = jdbc.sql("""
				select id, body, visibility, trip_id, place_name, latitude, longitude, posted_at, edited_at, deleted_at
				from content.moments where author_id = ? order by posted_at""")
			.param(person.value()).query().listOfRows();
		for (var moment : moments) {
			for (var sealed : List.of("place_name", "latitude", "longitude")) {
				if (moment.get(sealed) instanceof String stored) {
					moment.put(sealed, cipher.open(Sealed.MODULE, stored));
				}
			}
			moment.put("photo_ids", jdbc.sql("select photo_id from content.moment_photos where moment_id = ? "
					+ "order by ordinal").param(moment.get("id")).query(Object.class).list());
		}
		data.put("moments", moments);
		data.put("comments", jdbc.sql("""
				select id, moment_id, parent_id, body, created_at, deleted_at from content.comments
				where author_id = ? order by created_at""").param(person.value()).query().listOfRows());
		data.put("likes", jdbc.sql("select moment_id, liked_at from content.likes where liker_id = ? order by liked_at")
			.param(person.value()).query().listOfRows());
		data.put("reports", jdbc.sql("""
				select id, target_type, target_id, reason, status, created_at from content.reports
				where reporter_id = ? order by created_at""").param(person.value()).query().listOfRows());
		return data;
	}
}
