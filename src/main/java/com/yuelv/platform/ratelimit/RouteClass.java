package com.yuelv.platform.ratelimit;

import org.jspecify.annotations.Nullable;

/** The kinds of requests that get limits of their own; each request of the API belongs to exactly one. */
public enum RouteClass {
	/** Registration, login, token refresh and logout. */
	AUTH,
	/** Reading: trips, places, search, the inbox, profiles. */
	BROWSE,
	/** Changing one's own things: drafting and publishing trips, profiles, marking the inbox read. */
	WRITE,
	/** Asking to join trips, the requests and a trip's roster, deciding on them, and paying for a seat. */
	BOOKING;

	/** Where the payment provider's webhooks arrive. */
	public static final String PROVIDER_WEBHOOKS = "/api/v1/payment-provider/";

	/**
	 * The class of a request, or {@code null} for what is not API (health, metrics, documentation) and for the payment
	 * provider's webhooks, which one provider sends for every client from a few addresses and which are believed by
	 * their signature, never limited per client. Also the ground of load shedding's priorities, so that both agree on
	 * what a booking is.
	 */
	public static @Nullable RouteClass of(String method, String path) {
		if (!path.startsWith("/api/") || path.startsWith(PROVIDER_WEBHOOKS)) {
			return null;
		}
		if (path.startsWith("/api/v1/auth/")) {
			return AUTH;
		}
		if (path.startsWith("/api/v1/join-requests") || path.startsWith("/api/v1/payments")
				|| path.startsWith("/api/v1/trips/") && path.endsWith("/join-requests")) {
			return BOOKING;
		}
		return method.equals("GET") || method.equals("HEAD") ? BROWSE : WRITE;
	}


	/** The route class of a {@linkplain #key() key}, or {@code null} if there is none. */
	public static @Nullable RouteClass ofKey(String key) {
		for (var routeClass : values()) {
			if (routeClass.key().equals(key)) {
				return routeClass;
			}
		}
		return null;
	}

	/** The name used in configuration keys and metrics: {@code auth}, {@code browse}, ... */
	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
