package com.yuelv.geo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.EmbeddedModeTest;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripFixtures;
import com.yuelv.trip.TripStatus;

/**
 * A trip's publication and cancellation handled at the same moment both insert its row; whichever loses the race
 * tries again, and the newest snapshot wins every time.
 */
@EmbeddedModeTest
class TripStopRaceIntegrationTests {

	@Autowired TripStopFeed feed;
	@Autowired JdbcClient jdbc;

	@Test
	void aPublicationAndACancellationHandledAtOnceEndCancelled() throws Exception {
		for (int round = 0; round < 20; round++) {
			var published = TripFixtures.published(UserId.random(), "zh", "并发 " + round, 4);
			var cancelled = new TripDetails(published.tripId(), published.organizerId(), TripStatus.CANCELLED,
					published.title(), null, published.destination(), published.startDate(), published.endDate(),
					published.stops(), published.seats(), published.budget(), published.languages(), published.tags(),
					published.createdAt(), published.publishedAt(), Instant.now(), null, published.version() + 1);
			var start = new CountDownLatch(1);
			try (var executor = Executors.newFixedThreadPool(2)) {
				var done = new ArrayList<Future<?>>();
				for (var snapshot : new TripDetails[] { published, cancelled }) {
					done.add(executor.submit(() -> {
						start.await();
						feed.apply(snapshot);
						return null;
					}));
				}
				start.countDown();
				for (var each : done) {
					each.get();
				}
			}
			UUID id = published.tripId().value();
			assertThat(jdbc.sql("select listed from geo.trips where trip_id = ?").param(id).query(Boolean.class)
					.single()).as("round %d", round).isFalse();
			assertThat(jdbc.sql("select count(*) from geo.trip_stops where trip_id = ?").param(id)
					.query(Long.class).single()).isZero();
		}
	}
}
