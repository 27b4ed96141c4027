package com.yuelv.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.yuelv.Api;
import com.yuelv.Api.Person;
import com.yuelv.trip.TripBodies;

/**
 * Trips for booking tests, made through the trip API like any client would: free ones (budget 0), whose seats are
 * taken at acceptance; the booking saga of trips with a price has tests of its own.
 */
final class Trips {

	private Trips() {}

	static String published(Api api, Person organizer, int seats) {
		var id = draft(api, organizer, seats);
		assertThat(api.post("/api/v1/trips/" + id + "/publication", java.util.Map.of(), organizer.accessToken())
				.status()).isEqualTo(200);
		return id;
	}

	static String draft(Api api, Person organizer, int seats) {
		var created = api.post("/api/v1/trips", TripBodies.free("seats", seats), organizer.accessToken());
		assertThat(created.status()).isEqualTo(201);
		return created.string("$.id");
	}
}
