package com.yuelv.booking;

import static com.yuelv.Races.race;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.yuelv.ApiTestSupport;
import com.yuelv.PostgresDatabases;

/**
 * No overbooking on PostgreSQL: many organizer clicks race for one trip's last seat, each in its own transaction on
 * its own connection. The roster's row lock lets exactly one of them take it.
 */
@SpringBootTest(properties = "spring.datasource.hikari.maximum-pool-size=24")
@AutoConfigureMockMvc
@ActiveProfiles({ "test", "postgres" })
// the tests check every answer against the OpenAPI document, which the postgres profile serves only when asked
@TestPropertySource(properties = "YUELV_API_DOCS=true")
class SeatRaceIntegrationTests extends ApiTestSupport {

	static final int CONTENDERS = 60;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		var url = PostgresDatabases.recreate("yuelv_it_seat_race");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> PostgresDatabases.USER);
	}

	@Test
	void sixtyAcceptsRacingForTheLastSeatTakeItExactlyOnce() throws Exception {
		var organizer = api.register("Race Organizer");
		var trip = Trips.published(api, organizer, 2);
		var first = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(),
				api.register("First").accessToken()).string("$.id");
		assertThat(api.post("/api/v1/join-requests/" + first + "/acceptance", Map.of(), organizer.accessToken())
				.status()).isEqualTo(200);

		var requests = new ArrayList<String>();
		for (int i = 0; i < CONTENDERS; i++) {
			var traveler = api.register("Contender " + i);
			var asked = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), traveler.accessToken());
			assertThat(asked.string("$.status")).isEqualTo("PENDING");
			requests.add(asked.string("$.id"));
		}

		var statuses = race(requests.stream().map(request -> (Callable<Integer>) () -> api.post(
				"/api/v1/join-requests/" + request + "/acceptance", Map.of(), organizer.accessToken()).status())
				.toList());

		assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn(status -> status == 409).hasSize(CONTENDERS - 1);
		var tripId = UUID.fromString(trip);
		assertThat(jdbc.sql("select taken from booking.rosters where trip_id = ?").param(tripId)
				.query(Integer.class).single()).isEqualTo(2);
		assertThat(jdbc.sql("select status, count(*) from booking.join_requests where trip_id = ? group by status")
				.param(tripId).query((row, i) -> Map.entry(row.getString(1), row.getInt(2))).list())
				.containsExactlyInAnyOrderElementsOf(List.of(Map.entry("ACCEPTED", 2),
						Map.entry("WAITLISTED", CONTENDERS - 1)));
	}

	@Test
	void repeatedClicksOnOneRequestTakeEffectOnce() throws Exception {
		var organizer = api.register("Click Organizer");
		var trip = Trips.published(api, organizer, 2);
		var traveler = api.register("Clicker");
		var request = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), traveler.accessToken())
				.string("$.id");

		var accepts = race(java.util.Collections.nCopies(20, (Callable<Integer>) () -> api.post(
				"/api/v1/join-requests/" + request + "/acceptance", Map.of(), organizer.accessToken()).status()));
		assertThat(accepts).filteredOn(status -> status == 200).hasSize(1);
		assertThat(accepts).filteredOn(status -> status == 409).hasSize(19);
		assertThat(taken(trip)).isEqualTo(1);

		var leaves = race(java.util.Collections.nCopies(20, (Callable<Integer>) () -> api.post(
				"/api/v1/join-requests/" + request + "/withdrawal", Map.of(), traveler.accessToken()).status()));
		assertThat(leaves).filteredOn(status -> status == 200).hasSize(1);
		assertThat(leaves).filteredOn(status -> status == 409).hasSize(19);
		assertThat(taken(trip)).isZero();
	}

	private int taken(String trip) {
		return jdbc.sql("select taken from booking.rosters where trip_id = ?").param(UUID.fromString(trip))
				.query(Integer.class).single();
	}
}
