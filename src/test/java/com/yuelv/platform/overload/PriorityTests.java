package com.yuelv.platform.overload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityTests {

	@ParameterizedTest
	@CsvSource({
			"POST, /api/v1/auth/login, CRITICAL",
			"POST, /api/v1/auth/register, CRITICAL",
			"POST, /api/v1/trips/3f2a/join-requests, CRITICAL",
			"GET, /api/v1/trips/3f2a/join-requests, CRITICAL",
			"GET, /api/v1/join-requests, CRITICAL",
			"POST, /api/v1/join-requests/9c1d/acceptance, CRITICAL",
			"GET, /api/v1/trips, NORMAL",
			"GET, /api/v1/trips/3f2a, NORMAL",
			"PUT, /api/v1/trips/3f2a, NORMAL",
			"GET, /api/v1/search/trips, NORMAL",
			"GET, /api/v1/nearby-trips, NORMAL",
			"GET, /api/v1/places/1850147, NORMAL",
			"GET, /api/v1/inbox, SHEDDABLE",
			"GET, /api/v1/feed, SHEDDABLE",
			"GET, /api/v1/me/suggestions, SHEDDABLE",
			"POST, /api/v1/moments, NORMAL",
			"PUT, /api/v1/moments/7d1e/like, NORMAL",
			"POST, /api/v1/inbox/read-all, NORMAL",
			"GET, /api/v1/places, SHEDDABLE" })
	void classifiesEveryKindOfRoute(String method, String path, Priority expected) {
		assertThat(Priority.of(method, path)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "GET, /actuator/health/readiness", "GET, /v3/api-docs", "GET, /swagger-ui.html" })
	void neverClassifiesWhatIsNotApi(String method, String path) {
		assertThat(Priority.of(method, path)).isNull();
	}
}
