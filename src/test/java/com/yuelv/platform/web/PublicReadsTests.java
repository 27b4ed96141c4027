package com.yuelv.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

class PublicReadsTests {

	@Test
	void aPathIsAPublicReadExactlyWhenOneOfThePatternsMatchesIt() {
		var paths = List.of("/api/v1/trips", "/api/v1/trips/", "/api/v1/trips/5b0c7a4e", "/api/v1/trips/5b0c/seats",
				"/api/v1/trips/5b0c/join-requests", "/api/v1/trips/5b0c/seats/more", "/api/v1/nearby-trips",
				"/api/v1/nearby-tripsx", "/api/v1/places", "/api/v1/places/distance", "/api/v1/places/a/b",
				"/api/v1/placesx", "/api/v1/search", "/api/v1/search/trips", "/api/v1/searching", "/api/v1/me",
				"/api/v1/TRIPS", "/", "", "/api/v2/trips");
		for (var path : paths) {
			var container = PathContainer.parsePath(path);
			var expected = PublicReads.PATHS.stream()
					.anyMatch(pattern -> PathPatternParser.defaultInstance.parse(pattern).matches(container));
			assertThat(PublicReads.isPublicRead(path)).as(path).isEqualTo(expected);
		}
		assertThat(PublicReads.isPublicRead("/api/v1/trips/5b0c/seats")).isTrue();
		assertThat(PublicReads.isPublicRead("/api/v1/trips/5b0c/join-requests")).isFalse();
	}
}
