package com.yuelv.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.shared.Dependencies;
import com.yuelv.trip.TripBodies;

/**
 * Search while its index fails: a search asked for before is answered as it was, marked as degraded; any other is a
 * 503 problem with Retry-After; once the index works again, answers are fresh and unmarked.
 */
@EmbeddedModeTest
class SearchDegradationIntegrationTests extends ApiTestSupport {

	@MockitoSpyBean TripIndex index;

	@Test
	void servesRecentAnswersMarkedAsDegradedWhileTheIndexFails() {
		var organizer = api.register("Degraded Search Organizer");
		var body = TripBodies.valid();
		body.put("title", Map.of("zh", "雾凇岛冬日摄影"));
		var id = api.post("/api/v1/trips", body, organizer.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				api.get("/api/v1/search/trips?q=雾凇岛", null).<List<String>>at("$.items[*].tripId")).contains(id));

		doThrow(new UncheckedIOException(new java.io.IOException("index file is unreadable"))).when(index)
				.search(any());
		try {
			// with a token, so that the search runs: the replica gives anonymous reads its kept answer for a second
			var degraded = api.get("/api/v1/search/trips?q=雾凇岛", organizer.accessToken());
			assertThat(degraded.status()).isEqualTo(200);
			assertThat(degraded.header(Dependencies.DEGRADED_HEADER)).isEqualTo("search-index");
			assertThat(degraded.<List<String>>at("$.items[*].tripId")).contains(id);

			var unavailable = api.get("/api/v1/search/trips?q=冬日摄影", null);
			assertThat(unavailable.status()).isEqualTo(503);
			assertThat(unavailable.contentType()).isEqualTo("application/problem+json");
			assertThat(unavailable.string("$.type")).endsWith("/dependency-unavailable");
			assertThat(unavailable.string("$.detail")).contains("search-index");
			assertThat(unavailable.header("Retry-After")).isNotBlank();
		}
		finally {
			doCallRealMethod().when(index).search(any());
		}

		var fresh = api.get("/api/v1/search/trips?q=冬日摄影", null);
		assertThat(fresh.status()).isEqualTo(200);
		assertThat(fresh.header(Dependencies.DEGRADED_HEADER)).isNull();
		assertThat(fresh.<List<String>>at("$.items[*].tripId")).contains(id);
	}
}
