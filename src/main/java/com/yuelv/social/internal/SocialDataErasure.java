package com.yuelv.social.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Social's part of an erasure: the person's relationships both ways (whom they follow, mute or block, and who
 * follows, mutes or blocks them) and their memberships of trips. The places of the trips they organized go with the
 * trips' withdrawal.
 */
@Component
class SocialDataErasure implements PersonalDataErasure {

	private final JdbcClient jdbc;

	SocialDataErasure(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "social";
	}

	@Override
	@Transactional
	public void erase(UserId person) {
		jdbc.sql("delete from social.relationships where person_id = :person or other_id = :person")
			.param("person", person.value())
			.update();
		jdbc.sql("delete from social.trip_members where member_id = ?").param(person.value()).update();
	}
}
