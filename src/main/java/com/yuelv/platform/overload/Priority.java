package com.yuelv.platform.overload;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How much a request matters when there is not room for all of them. Under overload the sheddable go first, then the
 * normal; critical requests are the last to be refused.
 */
public enum Priority {
	/** Signing in and everything about bookings (and payments, when they come): money and trust depend on them. */
	CRITICAL,
	/** Reading and changing trips, search, places, profiles. */
	NORMAL,
	/** Refreshes a client repeats anyway: the inbox (and the feed), place-name suggestions, statistics. */
	SHEDDABLE;

	/** The priority of an API request, or {@code null} for what is not API (health probes, metrics, documentation). */
	static @Nullable Priority of(String method, String path) {
		if (!path.startsWith("/api/")) {
			return null;
		}
		if (path.startsWith("/api/v1/auth/") || path.startsWith("/api/v1/join-requests")
				|| path.startsWith("/api/v1/trips/") && path.endsWith("/join-requests")) {
			return CRITICAL;
		}
		var reading = method.equals("GET") || method.equals("HEAD");
		if (reading && (path.equals("/api/v1/inbox") || path.equals("/api/v1/places")
				|| path.startsWith("/api/v1/stats"))) {
			return SHEDDABLE;
		}
		return NORMAL;
	}

	/** The name used in configuration, metrics and the traffic endpoint: {@code critical}, ... */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
