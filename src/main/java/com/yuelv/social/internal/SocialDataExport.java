package com.yuelv.social.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/**
 * Social's part of an export: whom the person follows, mutes and blocks, who follows them, and the trips they were a
 * member of. Whom others mute or block is theirs, not the person's.
 */
@Component
class SocialDataExport implements PersonalDataExport {

	private final JdbcClient jdbc;

	SocialDataExport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "social";
	}

	@Override
	public Map<String, Object> exportOf(UserId person) {
		var data = new LinkedHashMap<String, Object>();
		data.put("relationships", jdbc.sql("""
				select other_id, following, followed_at, muted, blocked, blocked_at from social.relationships
				where person_id = ? and (following or muted or blocked) order by other_id""")
			.param(person.value()).query().listOfRows());
		data.put("followers", jdbc.sql("""
				select person_id as follower_id, followed_at from social.relationships
				where other_id = ? and following order by followed_at""")
			.param(person.value()).query().listOfRows());
		data.put("tripMemberships", jdbc.sql("""
				select trip_id, member, changed_at from social.trip_members where member_id = ? order by changed_at""")
			.param(person.value()).query().listOfRows());
		return data;
	}
}
