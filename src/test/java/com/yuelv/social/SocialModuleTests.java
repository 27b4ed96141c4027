package com.yuelv.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.booking.BookingEvent;
import com.yuelv.booking.JoinRequestId;
import com.yuelv.identity.IdentityApi;
import com.yuelv.identity.PublicProfile;
import com.yuelv.shared.UserId;
import com.yuelv.social.internal.SocialGraph;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripFixtures;

/**
 * The social module on its own: identity is a mock that knows every person asked about, and booking's and trip's
 * events arrive as those modules would publish them.
 */
@ModuleWithPlatformTest
class SocialModuleTests {

	@MockitoBean IdentityApi identity;
	@Autowired SocialGraph graph;
	@Autowired SocialApi social;
	@Autowired JdbcClient jdbc;

	private UserId person(String name) {
		var id = UserId.random();
		given(identity.profile(id)).willReturn(Optional.of(new PublicProfile(id, name, null, List.of(), List.of(),
				null)));
		return id;
	}

	@Test
	void aFollowIsAnnouncedWithTheFollowersName(Scenario scenario) {
		var ann = person("Ann");
		var ben = person("Ben");

		scenario.stimulate(() -> graph.follow(ann, ben)).andWaitForEventOfType(SocialEvent.Followed.class)
				.toArriveAndVerify(followed -> {
					assertThat(followed.person()).isEqualTo(ann);
					assertThat(followed.other()).isEqualTo(ben);
					assertThat(followed.personName()).isEqualTo("Ann");
					assertThat(social.follows(ann, ben)).isTrue();
					assertThat(social.followers(ben, null, 10)).containsExactly(ann);
				});
	}

	@Test
	void anAcceptedRequestMakesCompanionsAndACancellationEndsThem(Scenario scenario) {
		var organizer = person("Organizer");
		var traveler = person("Traveler");
		var trip = TripFixtures.published(organizer, "zh", "泸沽湖环湖", 4);
		var accepted = new BookingEvent.JoinAccepted(UUID.randomUUID(), Instant.now(), new JoinRequestId(UUID.randomUUID()),
				trip.tripId(), trip.title(), organizer, traveler);

		scenario.publish(accepted).andWaitForStateChange(() -> graph.companions(traveler, 10))
				.andVerify(companions -> assertThat(companions).extracting(SocialGraph.Companion::displayName)
						.containsExactly("Organizer"));
		scenario.publish(new TripCancelled(UUID.randomUUID(), Instant.now(), TripFixtures.cancelled(trip), true))
				.andWaitForStateChange(() -> graph.companions(traveler, 10), List::isEmpty)
				.andVerify(companions -> assertThat(graph.companions(organizer, 10)).isEmpty());
	}

	@Test
	void aLateAcceptanceDoesNotUndoALaterLeave(Scenario scenario) {
		var organizer = person("Organizer");
		var traveler = person("Traveler");
		var trip = TripFixtures.published(organizer, "en", "Tiger Leaping Gorge", 4);
		var request = new JoinRequestId(UUID.randomUUID());
		var now = Instant.now();
		var left = new BookingEvent.CompanionLeft(UUID.randomUUID(), now, request, trip.tripId(), trip.title(),
				organizer, traveler);
		var accepted = new BookingEvent.JoinAccepted(UUID.randomUUID(), now.minusSeconds(60), request,
				trip.tripId(), trip.title(), organizer, traveler);

		scenario.publish(left).andWaitForStateChange(() -> members(trip.tripId().value()), count -> count == 1)
				.andVerify(count -> assertThat(graph.companions(organizer, 10)).isEmpty());
		scenario.publish(accepted).andWaitForStateChange(() -> members(trip.tripId().value()), count -> count == 2)
				.andVerify(count -> {
					assertThat(graph.companions(organizer, 10)).as("the traveler left after it").isEmpty();
					assertThat(graph.companions(traveler, 10)).isEmpty();
				});
	}

	/** The rows of the trip's members, whether they are members now or not. */
	private long members(UUID trip) {
		return jdbc.sql("select count(*) from social.trip_members where trip_id = ?").param(trip).query(Long.class)
				.single();
	}
}
