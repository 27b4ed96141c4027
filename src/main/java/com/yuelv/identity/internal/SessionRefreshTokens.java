package com.yuelv.identity.internal;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * The refresh token handed out when a first-party app trades its authorization code: the first token of a session
 * that {@link Sessions} keeps like a password login's (hashed, rotated on every use, revoked whole when a used token
 * comes back), named by the authorization's id and bound to the client. Partners get none.
 */
class SessionRefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final Sessions sessions;

	SessionRefreshTokens(Sessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public @Nullable OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
				|| !AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
				|| !context.getRegisteredClient().getAuthorizationGrantTypes()
						.contains(AuthorizationGrantType.REFRESH_TOKEN)
				|| context.getAuthorization() == null) {
			return null;
		}
		var user = new UserId(UUID.fromString(context.getPrincipal().getName()));
		var session = UUID.fromString(context.getAuthorization().getId());
		Sessions.RefreshGrant grant;
		try {
			grant = sessions.openSession(user, session, context.getRegisteredClient().getClientId());
		}
		catch (Rejection refused) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, refused.getMessage(), null));
		}
		return new OAuth2RefreshToken(grant.refreshToken(), grant.issuedAt(), grant.refreshTokenExpiresAt());
	}
}
