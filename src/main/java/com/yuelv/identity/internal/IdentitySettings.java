package com.yuelv.identity.internal;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings, under {@code yuelv.identity.*}.
 *
 * @param issuer the {@code iss} claim of access tokens and the authorization server's name (an http(s) URL, as OpenID
 *     Connect asks); must equal {@code yuelv.jwt.issuer}, which verifies them
 * @param accessTokenTtl how long an access token is valid
 * @param refreshTokenTtl how long a refresh token may be used
 * @param adminEmails accounts registered with these emails are given the admin role
 * @param loginThrottle how many failed logins are allowed before an address must wait
 */
@ConfigurationProperties("yuelv.identity")
record IdentitySettings(
		@DefaultValue("http://localhost:8080") String issuer,
		@DefaultValue("15m") Duration accessTokenTtl,
		@DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue Set<String> adminEmails,
		@DefaultValue LoginThrottleSettings loginThrottle) {

	/**
	 * @param perAccount failed logins for one email from all addresses within the window, after which every address
	 *     the email has not logged in from lately must wait for it
	 * @param perAccountAndAddress failed logins for one email from one address within the window, after which that
	 *     address must wait for that email
	 * @param perAddress failed logins from one address within the window, for any emails, after which that address
	 *     must wait for all of them
	 * @param window how far back failures count
	 * @param knownAddressFor how long an address the email logged in from stays free of the per-account limit
	 */
	record LoginThrottleSettings(
			@DefaultValue("5") int perAccountAndAddress,
			@DefaultValue("20") int perAddress,
			@DefaultValue("50") int perAccount,
			@DefaultValue("15m") Duration window,
			@DefaultValue("30d") Duration knownAddressFor) {

		LoginThrottleSettings {
			atLeastOne("per-account-and-address", perAccountAndAddress);
			atLeastOne("per-address", perAddress);
			atLeastOne("per-account", perAccount);
			if (!window.isPositive()) {
				throw new IllegalArgumentException("yuelv.identity.login-throttle.window must be positive");
			}
			if (!knownAddressFor.isPositive()) {
				throw new IllegalArgumentException(
						"yuelv.identity.login-throttle.known-address-for must be positive");
			}
		}

		private static void atLeastOne(String key, int limit) {
			if (limit < 1) {
				throw new IllegalArgumentException(
						"yuelv.identity.login-throttle." + key + " must be at least 1, not " + limit);
			}
		}
	}
}
