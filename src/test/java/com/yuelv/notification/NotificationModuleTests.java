package com.yuelv.notification;

import static org.assertj.core.api.Assertions.assertThat;

import static org.mockito.BDDMockito.given;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.content.ContentEvent;
import com.yuelv.content.MomentId;
import com.yuelv.identity.AccountRegistered;
import com.yuelv.notification.internal.EntryKind;
import com.yuelv.notification.internal.Inbox;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripFixtures;

/**
 * The notification module on its own: only its own beans (and the platform's) are started, and the events it
 * handles are published by the test instead of by the identity and trip modules.
 */
@ModuleWithPlatformTest
class NotificationModuleTests {

	@Autowired Inbox inbox;
	@Autowired JdbcClient jdbc;
	@MockitoBean SocialApi social;
	@MockitoBean Blocks blocks;

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

	@Test
	void tellsTheOthersOfATripWhoMaySeeItOfAMomentPostedFromIt(Scenario scenario) {
		var author = UserId.random();
		var companion = UserId.random();
		var blocked = UserId.random();
		var trip = new TripId(UUID.randomUUID());
		given(social.travellers(trip)).willReturn(List.of(author, companion, blocked));
		given(blocks.between(blocked, author)).willReturn(true);
		var posted = new ContentEvent.MomentPosted(UUID.randomUUID(), Instant.now(), new MomentId(UUID.randomUUID()),
				author, "Aiko", ContentEvent.Visibility.PUBLIC, trip, List.of());

		scenario.publish(posted).andWaitForStateChange(() -> inbox.unread(companion), count -> count == 1)
				.andVerify(count -> {
					assertThat(inbox.entries(companion, 0, 1).getContent().getFirst().message())
							.isEqualTo("Aiko posted a moment from your trip.");
					assertThat(inbox.unread(author)).as("not the author").isZero();
					assertThat(inbox.unread(blocked)).as("not someone in a block with the author").isZero();
				});
	}

	@Test
	void aMomentForFollowersReachesOnlyTheTravellersWhoFollowItsAuthor(Scenario scenario) {
		var author = UserId.random();
		var follower = UserId.random();
		var other = UserId.random();
		var trip = new TripId(UUID.randomUUID());
		given(social.travellers(trip)).willReturn(List.of(author, follower, other));
		given(social.follows(follower, author)).willReturn(true);
		var posted = new ContentEvent.MomentPosted(UUID.randomUUID(), Instant.now(), new MomentId(UUID.randomUUID()),
				author, "Aiko", ContentEvent.Visibility.FOLLOWERS, trip, List.of());

		scenario.publish(posted).andWaitForStateChange(() -> inbox.unread(follower), count -> count == 1)
				.andVerify(count -> assertThat(inbox.unread(other)).isZero());
	}
}
