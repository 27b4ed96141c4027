package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Allowed origins are origins as browsers send them, or the start fails naming the setting. */
class CorsSettingsTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://yuelv.app", "http://localhost:5173", "https://[2001:db8::1]:8443",
			"https://xn--fiqs8s.example" })
	void takesOrigins(String origin) {
		assertThat(new CorsSettings(List.of(origin), Duration.ofHours(1)).allowedOrigins()).containsExactly(origin);
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "null", "yuelv.app", "https://yuelv.app/", "https://yuelv.app/path",
			"https://*.yuelv.app", "https://Yuelv.app", "ftp://yuelv.app", "https://user@yuelv.app",
			"https://yuelv.app?x=1", "https://yuelv.app#top", "https://yuelv app" })
	void refusesWhatIsNotAnOrigin(String origin) {
		assertThatIllegalArgumentException().isThrownBy(() -> new CorsSettings(List.of(origin), Duration.ofHours(1)))
			.withMessageStartingWith("yuelv.cors.allowed-origins holds ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1s", "25h" })
	void refusesAPreflightKeptLongerThanADayOrNegative(String maxAge) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CorsSettings(List.of(), Duration.parse("PT" + maxAge.toUpperCase())))
			.withMessageStartingWith("yuelv.cors.max-age must be");
	}
}
