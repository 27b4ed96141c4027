package com.yuelv.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.booking.internal.Companionship;
import com.yuelv.booking.internal.JoinRequestStatus;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripFixtures;

/**
 * The booking module on its own: the trip module is a mock that knows one published trip, and the trip's
 * cancellation arrives as the event the trip module would publish.
 */
@ModuleWithPlatformTest
class BookingModuleTests {

	@MockitoBean TripApi trips;
	@MockitoBean Blocks blocks;
	@Autowired Companionship companionship;

	@Test
	void aCancelledTripReleasesItsCompanionsAndAnnouncesEachRelease(Scenario scenario) {
		var organizer = UserId.random();
		var trip = TripFixtures.published(organizer, "zh", "洱海骑行", 2);
		given(trips.find(trip.tripId())).willReturn(Optional.of(trip));
		var companion = UserId.random();
		var waiting = UserId.random();
		var accepted = companionship.request(companion, trip.tripId(), "一起去");
		companionship.accept(organizer, accepted.requestId());
		var pending = companionship.request(waiting, trip.tripId(), null);

		scenario.publish(new TripCancelled(UUID.randomUUID(), Instant.now(), TripFixtures.cancelled(trip), true))
				.andWaitForEventOfType(BookingEvent.CompanionReleased.class)
				.matching(released -> released.travelerId().equals(companion))
				.toArriveAndVerify(released -> {
					assertThat(companionship.find(companion, accepted.requestId()).status())
							.isEqualTo(JoinRequestStatus.RELEASED);
					assertThat(companionship.find(waiting, pending.requestId()).status())
							.isEqualTo(JoinRequestStatus.RELEASED);
					assertThat(companionship.roster(organizer, trip.tripId()).seats().taken()).isZero();
				});
	}
}
