package com.yuelv.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.yuelv.Api;
import com.yuelv.Api.Person;
import com.yuelv.trip.TripBodies;

/** Trips for booking tests, made through the trip API like any client would. */
final class Trips {

	private Trips() {}

	static String published(Api api, Person organizer, int seats) {
		var id = draft(api, organizer, seats);
		assertThat(api.post("/api/v1/trips/" + id + "/publication", java.util.Map.of(), organizer.accessToken())
				.status()).isEqualTo(200);
		return id;
	}

	static String draft(Api api, Person organizer, int seats) {
		var created = api.post("/api/v1/trips", TripBodies.with("seats", seats), organizer.accessToken());
		assertThat(created.status()).isEqualTo(201);
		return created.string("$.id");
	}
}
