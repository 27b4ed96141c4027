package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

import com.yuelv.shared.TokenRevocations;
import com.yuelv.shared.UserId;

/**
 * Token revocation (RFC 7009), taken over from Spring Authorization Server's so that it reaches every deployment: a
 * refresh token, or an access token of a traveller's session, ends the whole session as a logout does (its refresh
 * tokens revoked, its access tokens refused everywhere within seconds); a partner's access token is refused from then
 * on. A client revokes only what was issued to it; a token that is unknown, expired or revoked already is answered
 * like a revoked one, as RFC 7009 asks.
 */
class TokenRevocationGrant implements AuthenticationProvider {

	private final Sessions sessions;
	private final AuthorizationStore authorizations;
	private final JwtDecoder accessTokens;

	TokenRevocationGrant(Sessions sessions, AuthorizationStore authorizations, JwtDecoder accessTokens) {
		this.sessions = sessions;
		this.authorizations = authorizations;
		this.accessTokens = accessTokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		var request = (OAuth2TokenRevocationAuthenticationToken) authentication;
		var client = PublicClients.authenticatedClient(request);
		var clientId = client.getRegisteredClient().getClientId();
		var token = request.getToken();
		OAuth2Token revoked;
		if (looksLikeJwt(token)) {
			revoked = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, null, null);
			Jwt jwt;
			try {
				jwt = accessTokens.decode(token);
			}
			catch (JwtException unusableAlready) {
				return new OAuth2TokenRevocationAuthenticationToken(revoked, client);
			}
			if (!clientId.equals(jwt.getClaimAsString(TokenClaims.CLIENT_ID))) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
			}
			var session = session(jwt);
			if (clientId.equals(jwt.getSubject())) {
				sessions.revokePartnerToken(session, clientId);
			}
			else if (sessions.endSession(new UserId(UUID.fromString(jwt.getSubject())), session, clientId)) {
				removeAuthorization(session);
			}
		}
		else {
			revoked = new OAuth2RefreshToken(token, Instant.now());
			sessions.logOut(token, clientId).ifPresent(this::removeAuthorization);
		}
		return new OAuth2TokenRevocationAuthenticationToken(revoked, client);
	}

	private void removeAuthorization(UUID session) {
		var authorization = authorizations.findById(session.toString());
		if (authorization != null) {
			authorizations.remove(authorization);
		}
	}

	private static UUID session(Jwt jwt) {
		try {
			return UUID.fromString(jwt.getClaimAsString(TokenRevocations.SESSION_CLAIM));
		}
		catch (IllegalArgumentException | NullPointerException notOurs) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
	}

	/** Access tokens are JWTs (three dot-separated parts); refresh tokens are opaque. */
	static boolean looksLikeJwt(String token) {
		return token.chars().filter(c -> c == '.').count() == 2;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}
}
