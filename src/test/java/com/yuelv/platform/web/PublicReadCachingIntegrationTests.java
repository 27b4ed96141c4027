package com.yuelv.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import com.yuelv.Api;
import com.yuelv.Api.Person;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.shared.Freshness;
import com.yuelv.trip.TripBodies;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What browsers and caches may keep: every public read says how long (and is the same with or without a token), has a
 * validator and answers a current one with a 304 without a body; a draft, a refusal and personal answers are private
 * and never kept. The replica that gave a public read gives it again for a moment, observed as its route, until
 * what it was made of changes.
 */
@EmbeddedModeTest
class PublicReadCachingIntegrationTests extends ApiTestSupport {

	@Autowired MeterRegistry meters;

	private Person organizer;
	private String trip;

	@BeforeEach
	void publishATrip() {
		organizer = api.register("Caching organizer");
		trip = api.post("/api/v1/trips", TripBodies.valid(), organizer.accessToken()).string("$.id");
		assertThat(api.post("/api/v1/trips/" + trip + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);
	}

	@Test
	void publicReadsSayHowLongTheyMayBeKeptAndRevalidateWithA304() {
		var reads = Map.of(
				"/api/v1/trips/" + trip, Freshness.TRIPS,
				"/api/v1/trips?size=5", Freshness.TRIPS,
				"/api/v1/trips/" + trip + "/seats", Freshness.SEATS,
				"/api/v1/search/trips?q=kyoto", Freshness.FINDINGS,
				"/api/v1/nearby-trips?latitude=34.99&longitude=135.78", Freshness.FINDINGS,
				"/api/v1/places?prefix=kyo", Freshness.PLACES,
				"/api/v1/places/distance?from=34.99,135.78&to=39.9,116.4", Freshness.PLACES);
		reads.forEach((path, freshness) -> {
			for (var token : new String[] { null, organizer.accessToken() }) {
				// search and nearby trips catch up with trips published meanwhile, by other tests too: an answer may
				// change between two reads, so the validator is asked of an answer that has settled
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					var answer = api.get(path, token);
					assertThat(answer.status()).as(path).isEqualTo(200);
					assertThat(answer.header(HttpHeaders.CACHE_CONTROL)).as(path)
							.isEqualTo(freshness.cacheControl());
					var etag = answer.header(HttpHeaders.ETAG);
					assertThat(etag).as(path).isNotBlank();

					var revalidated = api.perform(Api.request(HttpMethod.GET, path, token)
							.header(HttpHeaders.IF_NONE_MATCH, etag));
					assertThat(revalidated.status()).as(path).isEqualTo(304);
					assertThat(revalidated.body()).as(path).isEmpty();
				});
				assertThat(api.perform(Api.request(HttpMethod.GET, path, token)
						.header(HttpHeaders.IF_NONE_MATCH, "\"another\"")).status()).as(path).isEqualTo(200);
			}
		});
	}

	@Test
	void aChangedTripHasAnotherValidator() {
		var before = api.get("/api/v1/trips/" + trip, null).header(HttpHeaders.ETAG);
		assertThat(api.post("/api/v1/trips/" + trip + "/cancellation", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);

		var after = api.perform(Api.request(HttpMethod.GET, "/api/v1/trips/" + trip, null)
				.header(HttpHeaders.IF_NONE_MATCH, before));
		assertThat(after.status()).isEqualTo(200);
		assertThat(after.string("$.status")).isEqualTo("CANCELLED");
		assertThat(after.header(HttpHeaders.ETAG)).isNotEqualTo(before);
	}

	@Test
	void aReplicaGivesAPublicReadAgainAsItsRouteUntilTheTripChanges() {
		var path = "/api/v1/trips/" + trip;
		// kept for a second: asked again until two reads fall within one
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			var first = api.get(path, null);
			var reads = readsOfTheRoute();
			var kept = api.get(path, null);
			assertThat(kept.header(HttpHeaders.AGE)).isNotNull();
			assertThat(kept.body()).isEqualTo(first.body());
			assertThat(kept.header(HttpHeaders.ETAG)).isEqualTo(first.header(HttpHeaders.ETAG));
			assertThat(kept.header(HttpHeaders.CACHE_CONTROL)).isEqualTo(Freshness.TRIPS.cacheControl());
			assertThat(readsOfTheRoute()).as("observed as the trip read").isEqualTo(reads + 1);
		});
		assertThat(api.get(path, organizer.accessToken()).header(HttpHeaders.AGE))
				.as("a request with a token goes to the controller").isNull();

		assertThat(api.post(path + "/cancellation", Map.of(), organizer.accessToken()).status()).isEqualTo(200);
		var changed = api.get(path, null);
		assertThat(changed.string("$.status")).as("at once, not a second later").isEqualTo("CANCELLED");
		assertThat(changed.header(HttpHeaders.AGE)).isNull();
	}

	private long readsOfTheRoute() {
		var timer = meters.find("http.server.requests")
				.tags("uri", "/api/v1/trips/{id}", "module", "trip", "status", "200").timer();
		return timer == null ? 0 : timer.count();
	}

	@Test
	void draftsRefusalsAndPersonalAnswersAreNeverKept() {
		var draft = api.post("/api/v1/trips", TripBodies.valid(), organizer.accessToken()).string("$.id");
		for (var answer : List.of(api.get("/api/v1/trips/" + draft, organizer.accessToken()),
				api.get("/api/v1/trips/" + draft, null),
				api.get("/api/v1/nearby-trips?latitude=91&longitude=0", null),
				api.get("/api/v1/me", organizer.accessToken()),
				api.get("/api/v1/join-requests", organizer.accessToken()))) {
			assertThat(answer.header(HttpHeaders.CACHE_CONTROL)).as(answer.body()).contains("no-store")
					.doesNotContain("public");
		}
		assertThat(api.get("/api/v1/nearby-trips?latitude=91&longitude=0", null).header(HttpHeaders.ETAG)).isNull();
	}
}
