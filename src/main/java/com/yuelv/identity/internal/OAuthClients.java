package com.yuelv.identity.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The authorization server's clients, under {@code yuelv.identity.oauth.*}, per environment.
 *
 * @param clients by client id: the first-party apps (the web app, the mini-program), which log a traveller in with
 *     the authorization code and PKCE, and partners, which read with client credentials
 * @param authorizationCodeTtl how long an authorization code may be traded
 * @param partnerTokenTtl how long a partner's access token lives; partners get no refresh token
 */
@ConfigurationProperties("yuelv.identity.oauth")
record OAuthClients(
		@DefaultValue Map<String, Client> clients,
		@DefaultValue("5m") Duration authorizationCodeTtl,
		@DefaultValue("5m") Duration partnerTokenTtl) {

	private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
	private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9-]*:[a-z]+");

	/** A client's kind: what it may ask for and how it proves who it is. */
	enum Kind {
		/**
		 * An app of Yuelv's own, running on the traveller's device: a public client (no secret), authorization code with
		 * PKCE, refresh tokens rotated with reuse detection, tokens that act for the account.
		 */
		FIRST_PARTY,
		/** A partner's server: a confidential client (a secret), client credentials, its scopes only, no account. */
		PARTNER
	}

	/**
	 * @param kind first-party app or partner
	 * @param redirectUris where a first-party app takes its authorization codes, exactly these
	 * @param scopes a partner's scopes ({@code trips:read}, {@code places:read}); a first-party app may ask for
	 *     {@code openid} and {@code profile} besides these
	 * @param secret a partner's secret as the password encoder stores it (Argon2id), never the secret itself
	 */
	record Client(Kind kind, @DefaultValue List<URI> redirectUris, @DefaultValue Set<String> scopes,
			@Nullable String secret) {}

	OAuthClients {
		clients = new TreeMap<>(clients);
		clients.forEach(OAuthClients::check);
		if (!authorizationCodeTtl.isPositive() || authorizationCodeTtl.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException(
					"yuelv.identity.oauth.authorization-code-ttl must be positive and at most 10 minutes (RFC 6749)");
		}
		if (!partnerTokenTtl.isPositive()) {
			throw new IllegalArgumentException("yuelv.identity.oauth.partner-token-ttl must be positive");
		}
	}

	private static void check(String id, Client client) {
		var key = "yuelv.identity.oauth.clients." + id;
		if (!CLIENT_ID.matcher(id).matches()) {
			throw new IllegalArgumentException(key + ": a client id is 2 to 63 lower-case letters, digits and dashes");
		}
		if (client.kind() == null) {
			throw new IllegalArgumentException(key + ".kind: first-party or partner");
		}
		client.scopes().stream().filter(scope -> !SCOPE.matcher(scope).matches()).findFirst().ifPresent(scope -> {
			throw new IllegalArgumentException(key + ".scopes: " + scope + " is not of the form resource:action");
		});
		switch (client.kind()) {
			case FIRST_PARTY -> {
				if (client.redirectUris().isEmpty()) {
					throw new IllegalArgumentException(key + ".redirect-uris: a first-party app needs at least one");
				}
				client.redirectUris().stream().filter(uri -> !acceptableRedirect(uri)).findFirst().ifPresent(uri -> {
					throw new IllegalArgumentException(key + ".redirect-uris: " + uri + " must be absolute, https "
							+ "(http only for localhost) and without a fragment");
				});
				if (client.secret() != null) {
					throw new IllegalArgumentException(key + ".secret: a first-party app runs on devices and holds no "
							+ "secret");
				}
			}
			case PARTNER -> {
				if (client.secret() == null || client.secret().isBlank()) {
					throw new IllegalArgumentException(key + ".secret: a partner needs its secret's hash");
				}
				if (client.scopes().isEmpty()) {
					throw new IllegalArgumentException(key + ".scopes: a partner needs at least one scope");
				}
				if (!client.redirectUris().isEmpty()) {
					throw new IllegalArgumentException(key + ".redirect-uris: a partner logs no traveller in");
				}
			}
		}
	}

	private static boolean acceptableRedirect(URI uri) {
		if (!uri.isAbsolute() || uri.getFragment() != null || uri.getHost() == null) {
			return false;
		}
		return "https".equals(uri.getScheme())
				|| "http".equals(uri.getScheme()) && ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
	}

	/** The origins the first-party apps' redirect URIs are at: where the login page's form may lead. */
	Set<String> redirectOrigins() {
		var origins = new java.util.TreeSet<String>();
		clients.values().forEach(client -> client.redirectUris().forEach(uri -> origins.add(
				uri.getScheme() + "://" + uri.getAuthority())));
		return origins;
	}
}
