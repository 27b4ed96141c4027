package com.yuelv.identity.internal;

import java.util.Collection;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Token introspection (RFC 7662), taken over from Spring Authorization Server's so that it answers what every
 * deployment would: an access token is active when its signature, issuer and expiry hold and it is not revoked, the
 * check the deployments make. A client learns only about its own tokens; anything else, refresh tokens included, is
 * inactive to it.
 */
class TokenIntrospection implements AuthenticationProvider {

	private final JwtDecoder accessTokens;

	TokenIntrospection(JwtDecoder accessTokens) {
		this.accessTokens = accessTokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		var request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		var client = PublicClients.authenticatedClient(request);
		var clientId = client.getRegisteredClient().getClientId();
		var inactive = new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), client,
				OAuth2TokenIntrospection.builder().build());
		if (!TokenRevocationGrant.looksLikeJwt(request.getToken())) {
			return inactive;
		}
		Jwt jwt;
		try {
			jwt = accessTokens.decode(request.getToken());
		}
		catch (JwtException notActive) {
			return inactive;
		}
		if (!clientId.equals(jwt.getClaimAsString(TokenClaims.CLIENT_ID))) {
			return inactive;
		}
		var claims = OAuth2TokenIntrospection.builder(true)
				.clientId(clientId)
				.tokenType("Bearer")
				.subject(jwt.getSubject())
				.issuer(jwt.getClaimAsString("iss"))
				.issuedAt(jwt.getIssuedAt())
				.expiresAt(jwt.getExpiresAt())
				.id(jwt.getId());
		if (jwt.getClaims().get("scope") instanceof Collection<?> scopes) {
			scopes.forEach(scope -> claims.scope(String.valueOf(scope)));
		}
		else if (jwt.getClaims().get("scope") instanceof String scopes) {
			for (var scope : scopes.split(" ")) {
				claims.scope(scope);
			}
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), client, claims.build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}
}
