package com.yuelv.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import com.yuelv.platform.web.RequestPaths;

/**
 * What a partner's token may reach: a partner (a client with client credentials, no account behind it) reads the
 * public reads under the scope that names them, and nothing else. {@value #TRIPS} covers published trips, their seats,
 * nearby trips and search; {@value #PLACES} the places. A scope the authorization server grants that is not named here
 * opens nothing.
 * <p>
 * A partner's token is one whose subject is its client ({@code sub} equals {@code client_id}, RFC 9068 §2.2 for the
 * client-credentials grant); an account's token names the account as subject.
 */
final class PartnerScopes {

	/** Published trips, their seats, nearby trips and search. */
	static final String TRIPS = "trips:read";
	/** Places and their details. */
	static final String PLACES = "places:read";

	private static final String CLIENT_ID = "client_id";
	private static final String PARTNER = "ROLE_PARTNER";
	private static final String SCOPE = "SCOPE_";

	private PartnerScopes() {}

	static boolean isPartnerToken(Jwt jwt) {
		var client = jwt.getClaimAsString(CLIENT_ID);
		return client != null && client.equals(jwt.getSubject());
	}

	/** The partner marker and one {@code SCOPE_} authority per scope of the token. */
	static Collection<GrantedAuthority> authoritiesOf(Jwt jwt) {
		var authorities = new java.util.ArrayList<GrantedAuthority>();
		authorities.add(new SimpleGrantedAuthority(PARTNER));
		var scopes = jwt.getClaims().get("scope");
		var names = scopes instanceof String spaced ? List.of(spaced.split(" "))
				: scopes instanceof Collection<?> listed ? listed.stream().map(String::valueOf).toList() : List.<String>of();
		names.stream().filter(name -> !name.isBlank()).forEach(name -> authorities.add(new SimpleGrantedAuthority(SCOPE + name)));
		return authorities;
	}

	/** The scope a partner needs for a public read at this path. */
	static String scopeOf(String path) {
		return path.startsWith("/api/v1/places") ? PLACES : TRIPS;
	}

	/** Public reads: anyone without a token or with an account's; a partner with the read's scope. */
	static AuthorizationManager<RequestAuthorizationContext> publicReads() {
		return (authentication, context) -> {
			var caller = current(authentication);
			return new AuthorizationDecision(!isPartner(caller)
					|| has(caller, SCOPE + scopeOf(RequestPaths.of(context.getRequest()))));
		};
	}

	/** Everything an account (or a peer deployment) does: authenticated, and not as a partner. */
	static AuthorizationManager<RequestAuthorizationContext> notPartners() {
		return (authentication, context) -> {
			var caller = current(authentication);
			return new AuthorizationDecision(caller != null && caller.isAuthenticated()
					&& !(caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken)
					&& !isPartner(caller));
		};
	}

	private static @Nullable Authentication current(Supplier<? extends @Nullable Authentication> authentication) {
		return authentication.get();
	}

	private static boolean isPartner(@Nullable Authentication caller) {
		return has(caller, PARTNER);
	}

	private static boolean has(@Nullable Authentication caller, String authority) {
		return caller != null && caller.getAuthorities().stream().anyMatch(granted -> authority.equals(granted.getAuthority()));
	}
}
