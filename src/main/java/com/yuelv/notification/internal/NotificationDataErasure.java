package com.yuelv.notification.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Notification's part of an erasure: the person's inbox and its live stream's counter, and the entries in other
 * people's inboxes that name them ("李娜 followed you.", "... liked your moment."). Entries about other people's
 * trips and bookings name no one and stay with their recipients.
 */
@Component
class NotificationDataErasure implements PersonalDataErasure {

	private final JdbcClient jdbc;

	NotificationDataErasure(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "notification";
	}

	@Override
	@Transactional
	public void erase(UserId person) {
		jdbc.sql("""
				delete from notification.inbox_entries
				where recipient_id = :person or actor_id = :person or (kind = 'FOLLOWED' and subject_id = :person)""")
			.param("person", person.value())
			.update();
		jdbc.sql("delete from notification.inbox_counters where recipient_id = ?").param(person.value()).update();
	}
}
