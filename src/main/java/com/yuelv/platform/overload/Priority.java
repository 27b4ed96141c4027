package com.yuelv.platform.overload;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.yuelv.platform.ratelimit.RouteClass;

/**
 * How much a request matters when there is not room for all of them. Under overload the sheddable go first, then the
 * normal; critical requests are the last to be refused.
 */
public enum Priority {
	/**
	 * Signing in and everything about bookings and payments, the payment provider's webhooks included: money and trust
	 * depend on them.
	 */
	CRITICAL,
	/** Reading and changing trips, search, places, profiles. */
	NORMAL,
	/**
	 * Refreshes a client repeats anyway: the inbox and its live stream (the client reconnects), the home feed,
	 * place-name suggestions, suggested travel buddies, statistics.
	 */
	SHEDDABLE;

	/**
	 * The priority of an API request, or {@code null} for what is not API (health probes, metrics, documentation):
	 * the rate limits' auth and booking classes and the provider's webhooks are critical, and among reads the
	 * refreshes are sheddable.
	 */
	public static @Nullable Priority of(String method, String path) {
		if (path.startsWith(RouteClass.PROVIDER_WEBHOOKS)) {
			return CRITICAL;
		}
		var routeClass = RouteClass.of(method, path);
		if (routeClass == null) {
			return null;
		}
		return switch (routeClass) {
			case AUTH, BOOKING -> CRITICAL;
			case BROWSE -> path.equals("/api/v1/inbox") || path.equals("/api/v1/inbox/stream")
					|| path.equals("/api/v1/feed") || path.equals("/api/v1/places")
					|| path.equals("/api/v1/me/suggestions") || path.startsWith("/api/v1/stats") ? SHEDDABLE : NORMAL;
			case WRITE -> NORMAL;
		};
	}

	/** The name used in configuration, metrics and the traffic endpoint: {@code critical}, ... */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
