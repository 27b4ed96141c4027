package com.yuelv.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.Scenario;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.identity.AccountRegistered;
import com.yuelv.notification.internal.EntryKind;
import com.yuelv.notification.internal.Inbox;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripFixtures;

/**
 * The notification module on its own: only its own beans (and the platform's) are started, and the events it
 * handles are published by the test instead of by the identity and trip modules.
 */
@ModuleWithPlatformTest
class NotificationModuleTests {

	@Autowired Inbox inbox;
	@Autowired JdbcClient jdbc;

	private long completedDeliveries(UUID eventId) {
		return jdbc.sql("select count(*) from platform.event_publication where serialized_event like ? "
				+ "and completion_date is not null").param("%" + eventId + "%").query(Long.class).single();
	}

	@Test
	void writesOneEntryPerEventEvenWhenAnEventArrivesTwice(Scenario scenario) {
		var organizer = UserId.random();
		var published = TripFixtures.publication(TripFixtures.published(organizer, "ja", "京都紅葉の旅", 4));

		scenario.publish(published)
				.andWaitForStateChange(() -> inbox.unread(organizer), count -> count == 1)
				.andVerify(count -> assertThat(count).isEqualTo(1));
		scenario.publish(published)
				.andWaitForStateChange(() -> completedDeliveries(published.eventId()), count -> count == 2)
				.andVerify(count -> assertThat(inbox.entries(organizer, 0, 10).getTotalElements()).isEqualTo(1));

		var entry = inbox.entries(organizer, 0, 10).getContent().getFirst();
		assertThat(entry.kind()).isEqualTo(EntryKind.TRIP_PUBLISHED);
		assertThat(entry.message()).contains("京都紅葉の旅");
	}

	@Test
	void welcomesANewAccount(Scenario scenario) {
		var user = UserId.random();

		scenario.publish(new AccountRegistered(UUID.randomUUID(), Instant.now(), user, "Aiko", 0))
				.andWaitForStateChange(() -> inbox.unread(user), count -> count == 1)
				.andVerify(count -> assertThat(inbox.entries(user, 0, 1).getContent().getFirst().kind())
						.isEqualTo(EntryKind.WELCOME));
	}
}
