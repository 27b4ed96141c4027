package com.yuelv.geo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.trip.TripBodies;

/** An empty spatial read model is filled from the trip module: trips published before it existed are found too. */
@EmbeddedModeTest
class NearbyBackfillIntegrationTests extends ApiTestSupport {

	@Autowired TripStopFeed feed;

	private List<String> nearKiyomizu() {
		return api.get("/api/v1/nearby-trips?latitude=34.9949&longitude=135.785&radiusKm=1", null)
				.at("$.items[*].tripId");
	}

	@Test
	void fillsAnEmptyReadModelFromTheTrips() {
		var organizer = api.register("Backfill Organizer");
		var trip = api.post("/api/v1/trips", TripBodies.valid(), organizer.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + trip + "/publication", Map.of(), organizer.accessToken());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nearKiyomizu()).contains(trip));

		jdbc.sql("delete from geo.trip_stops").update();
		jdbc.sql("delete from geo.trips").update();
		assertThat(nearKiyomizu()).doesNotContain(trip);

		feed.fillIfEmpty();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nearKiyomizu()).contains(trip));
	}
}
