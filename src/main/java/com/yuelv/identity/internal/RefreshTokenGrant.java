package com.yuelv.identity.internal;

import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.shared.Rejection;

/**
 * The refresh-token grant of the authorization server, taken over from Spring Authorization Server's: the presented
 * token is traded by {@link Sessions#rotate}, which keeps today's rules (used up on use; one presented again revokes its
 * whole session and is audited; bound to its client), and the new access token is issued for the session's
 * authorization and stored in it. A refused token answers {@code invalid_grant}.
 * <p>
 * Rotation and issue share one transaction, so a failed issue leaves the presented token good. A token presented
 * again is the exception: its session's revocation commits, and then the request is refused.
 */
class RefreshTokenGrant implements AuthenticationProvider {

	private final Sessions sessions;
	private final AuthorizationStore authorizations;
	private final OAuth2TokenGenerator<? extends OAuth2Token> accessTokens;
	private final TransactionTemplate transaction;

	RefreshTokenGrant(Sessions sessions, AuthorizationStore authorizations,
			OAuth2TokenGenerator<? extends OAuth2Token> accessTokens, PlatformTransactionManager transactions) {
		this.sessions = sessions;
		this.authorizations = authorizations;
		this.accessTokens = accessTokens;
		this.transaction = new TransactionTemplate(transactions);
	}

	private sealed interface Outcome {
		record Issued(OAuth2AccessTokenAuthenticationToken tokens) implements Outcome {}

		record Refused(Rejection rejection) implements Outcome {}
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		var grant = (OAuth2RefreshTokenAuthenticationToken) authentication;
		var client = PublicClients.authenticatedClient(grant);
		var registered = client.getRegisteredClient();
		if (!registered.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
		}
		var outcome = transaction.execute(status -> {
			Sessions.RefreshGrant rotated;
			try {
				rotated = sessions.rotate(grant.getRefreshToken(), registered.getClientId());
			}
			catch (Rejection refused) {
				// a reused token's revocation is committed with this transaction
				return new Outcome.Refused(refused);
			}
			var authorization = authorizations.findById(rotated.session().toString());
			if (authorization == null || !registered.getId().equals(authorization.getRegisteredClientId())) {
				status.setRollbackOnly();
				return new Outcome.Refused(Rejection.unauthenticated("invalid-refresh-token",
						"The refresh token's session has ended."));
			}
			var scopes = scopes(grant.getScopes(), authorization.getAuthorizedScopes());
			var context = DefaultOAuth2TokenContext.builder()
					.registeredClient(registered)
					.principal(authorization.getAttribute(Principal.class.getName()))
					.authorizationServerContext(AuthorizationServerContextHolder.getContext())
					.authorization(authorization)
					.authorizedScopes(scopes)
					.tokenType(OAuth2TokenType.ACCESS_TOKEN)
					.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
					.authorizationGrant(grant)
					.build();
			if (!(accessTokens.generate(context) instanceof Jwt jwt)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
						"The access token could not be issued.", null));
			}
			var accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(),
					jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
			authorizations.save(OAuth2Authorization.from(authorization)
					.token(accessToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
							jwt.getClaims()))
					.build());
			var refreshToken = new OAuth2RefreshToken(rotated.refreshToken(), rotated.issuedAt(),
					rotated.refreshTokenExpiresAt());
			return new Outcome.Issued(new OAuth2AccessTokenAuthenticationToken(registered, client, accessToken,
					refreshToken));
		});
		return switch (outcome) {
			case Outcome.Issued issued -> issued.tokens();
			case Outcome.Refused refused -> throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, refused.rejection().getMessage(), null));
			case null -> throw new IllegalStateException("no outcome");
		};
	}

	/** The scopes asked for, which must be among the session's; all of the session's when none are asked for. */
	private static Set<String> scopes(Set<String> requested, Set<String> authorized) {
		if (requested.isEmpty()) {
			return authorized;
		}
		if (!authorized.containsAll(requested)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
		}
		// a set type the authorization's stored JSON allows (immutable sets of Set.of are not among them)
		return Collections.unmodifiableSet(new LinkedHashSet<>(requested));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}
}
