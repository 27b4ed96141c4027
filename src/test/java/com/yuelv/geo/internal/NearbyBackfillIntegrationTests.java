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

	/**
	 * A spot no other test puts a stop on: Lake Tazawa. Read with a token, which the replica never gives a kept answer:
	 * the read model changes behind the application's back here.
	 */
	private List<String> nearLakeTazawa(String token) {
		return api.get("/api/v1/nearby-trips?latitude=39.7236&longitude=140.6622&radiusKm=1&limit=50", token)
				.at("$.items[*].tripId");
	}

	@Test
	void fillsAnEmptyReadModelFromTheTrips() {
		var organizer = api.register("Backfill Organizer");
		var body = TripBodies.valid();
		body.put("stops", List.of(Map.of("placeName", "田沢湖", "latitude", 39.7236, "longitude", 140.6622, "day", 1)));
		var token = organizer.accessToken();
		var trip = api.post("/api/v1/trips", body, token).string("$.id");
		api.post("/api/v1/trips/" + trip + "/publication", Map.of(), organizer.accessToken());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nearLakeTazawa(token)).contains(trip));

		jdbc.sql("delete from geo.trip_stops").update();
		jdbc.sql("delete from geo.trips").update();
		assertThat(nearLakeTazawa(token)).doesNotContain(trip);

		feed.fill();
		assertThat(nearLakeTazawa(token)).contains(trip);
	}
}
