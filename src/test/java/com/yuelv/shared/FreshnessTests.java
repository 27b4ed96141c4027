package com.yuelv.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every public read's {@code Cache-Control} is public, and its {@code max-age} is followed by another directive:
 * HAProxy 2.6's cache, the edge's, reads two bytes past a {@code max-age} that ends the header value and takes the
 * digits it finds there for more of the number.
 */
class FreshnessTests {

	@ParameterizedTest
	@EnumSource(Freshness.class)
	void aMaxAgeIsNeverTheLastDirective(Freshness freshness) {
		assertThat(freshness.cacheControl()).startsWith("public, ")
				.matches("public, max-age=\\d+, stale-while-revalidate=\\d+");
	}
}
