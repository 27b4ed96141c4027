package com.yuelv.identity.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.yuelv.identity.internal.IdentitySettings.LoginThrottleSettings;

/** A malformed login throttle is refused naming the key that is wrong. */
class LoginThrottleSettingsTests {

	private static final Duration WINDOW = Duration.ofMinutes(15);
	private static final Duration KNOWN = Duration.ofDays(30);

	@Test
	void aLimitBelowOneIsRefusedNamingItsKey() {
		assertThatThrownBy(() -> new LoginThrottleSettings(0, 20, 50, WINDOW, KNOWN))
				.hasMessage("yuelv.identity.login-throttle.per-account-and-address must be at least 1, not 0");
		assertThatThrownBy(() -> new LoginThrottleSettings(5, -1, 50, WINDOW, KNOWN))
				.hasMessage("yuelv.identity.login-throttle.per-address must be at least 1, not -1");
		assertThatThrownBy(() -> new LoginThrottleSettings(5, 20, 0, WINDOW, KNOWN))
				.hasMessage("yuelv.identity.login-throttle.per-account must be at least 1, not 0");
	}

	@Test
	void aWindowOrAKnownAddressTimeThatIsNotPositiveIsRefusedNamingItsKey() {
		assertThatThrownBy(() -> new LoginThrottleSettings(5, 20, 50, Duration.ZERO, KNOWN))
				.hasMessageContaining("yuelv.identity.login-throttle.window");
		assertThatThrownBy(() -> new LoginThrottleSettings(5, 20, 50, WINDOW, Duration.ofSeconds(-1)))
				.hasMessageContaining("yuelv.identity.login-throttle.known-address-for");
	}
}
