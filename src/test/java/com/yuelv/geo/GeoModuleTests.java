package com.yuelv.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.geo.internal.NearbyTrips;
import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripFixtures;

/**
 * The geo module on its own, its spatial read model fed by the trip events a {@code Scenario} publishes: a published
 * trip's stop is found near it, and a cancelled trip is no longer. The trip module is a mock that knows no trips.
 */
@ModuleWithPlatformTest
class GeoModuleTests {

	/** Kiyomizu-dera, where the fixtures' trips stop. */
	private static final GeoPoint KIYOMIZU = new GeoPoint(34.9949, 135.785);

	@MockitoBean TripApi trips;
	@Autowired NearbyTrips nearby;

	private boolean isNear(UUID tripId) {
		return nearby.around(KIYOMIZU, 1, NearbyTrips.MAX_RESULTS).stream()
				.anyMatch(found -> found.tripId().equals(tripId));
	}

	@Test
	void aPublishedTripIsFoundNearItsStopsAndACancelledOneIsNot(Scenario scenario) {
		var trip = TripFixtures.published(UserId.random(), "ja", "清水寺と祇園", 3);
		var tripId = trip.tripId().value();

		scenario.publish(TripFixtures.publication(trip))
				.andWaitForStateChange(() -> isNear(tripId), near -> near)
				.andVerify(near -> assertThat(near).isTrue());

		scenario.publish(new TripCancelled(UUID.randomUUID(), Instant.now(), TripFixtures.cancelled(trip), true))
				.andWaitForStateChange(() -> isNear(tripId), near -> !near)
				.andVerify(near -> assertThat(near).isFalse());
	}
}
