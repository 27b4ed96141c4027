package com.yuelv.platform.ratelimit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The kinds of requests that get limits of their own; each request of the API belongs to exactly one. */
public enum RouteClass {
	/** Registration, login, token refresh and logout; the authorization server's login page, authorization and tokens. */
	AUTH,
	/** Reading: trips, places, search, the inbox, profiles. */
	BROWSE,
	/** Changing one's own things: drafting and publishing trips, profiles, marking the inbox read. */
	WRITE,
	/** Asking to join trips, the requests and a trip's roster, deciding on them, and paying for a seat. */
	BOOKING;

	/**
	 * The authorization server's paths: its login page and authorization, its token, revocation and introspection
	 * endpoints, user info and OpenID Connect's logout, limited like the password login. Its key set and discovery are
	 * read like the API's public reads.
	 */
	public static final List<String> AUTHORIZATION_SERVER = List.of("/login", "/oauth2/*", "/userinfo", "/connect/*",
			"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server");

	/** Where the payment provider's webhooks arrive. */
	public static final String PROVIDER_WEBHOOKS = "/api/v1/payment-provider/";

	/**
	 * The class of a request, or {@code null} for what is not API (health, metrics, documentation) and for the payment
	 * provider's webhooks, which one provider sends for every client from a few addresses and which are believed by
	 * their signature, never limited per client. Also the ground of load shedding's priorities, so that both agree on
	 * what a booking is.
	 */
	public static @Nullable RouteClass of(String method, String path) {
		if (!path.startsWith("/api/")) {
			if (!isAuthorizationServer(path)) {
				return null;
			}
			return path.equals("/oauth2/jwks") || path.startsWith("/.well-known/") ? BROWSE : AUTH;
		}
		if (path.startsWith(PROVIDER_WEBHOOKS)) {
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


	/** Whether a path is one of {@link #AUTHORIZATION_SERVER}'s, read as servlet patterns are. */
	public static boolean isAuthorizationServer(String path) {
		for (var pattern : AUTHORIZATION_SERVER) {
			if (pattern.endsWith("/*") ? path.startsWith(pattern.substring(0, pattern.length() - 1))
					: path.equals(pattern)) {
				return true;
			}
		}
		return false;
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
