package com.yuelv.identity.internal;

import java.util.ArrayList;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import com.yuelv.shared.TokenRevocations;

/**
 * The claims of the access tokens the authorization server issues, so that every deployment checks them as it checks
 * the password login's: an account's token carries its roles, its session ({@value TokenRevocations#SESSION_CLAIM},
 * the authorization's id) and the account's token generation ({@value TokenRevocations#GENERATION_CLAIM}), which the
 * revocations of logout, reuse detection, role changes and account closing stop. A partner's token names its client as
 * subject and a session of its own, which revoking the token stops. Both name their client ({@code client_id}), and
 * are typed ({@code JWT}), which the deployments require: an ID token, signed with the same key, has no type.
 */
class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String CLIENT_ID = "client_id";

	private final Accounts accounts;

	TokenClaims(Accounts accounts) {
		this.accounts = accounts;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getJwsHeader().type(AccessTokens.ACCESS_TOKEN_TYPE);
		var claims = context.getClaims();
		claims.claim(CLIENT_ID, context.getRegisteredClient().getClientId());
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			claims.claim(TokenRevocations.SESSION_CLAIM, UUID.randomUUID().toString());
			return;
		}
		var account = accounts.findById(accountId(context.getPrincipal().getName()))
				.orElseThrow(TokenClaims::closedAccount);
		// a mutable list: the claims are stored with the authorization, whose JSON allows only well-known collection types
		claims.claim(AccessTokens.ROLES_CLAIM,
				account.roles().stream().map(Enum::name).sorted().collect(Collectors.toCollection(ArrayList::new)));
		claims.claim(TokenRevocations.SESSION_CLAIM, context.getAuthorization().getId());
		claims.claim(TokenRevocations.GENERATION_CLAIM, account.tokenGeneration());
	}

	private static UUID accountId(String principalName) {
		try {
			return UUID.fromString(principalName);
		}
		catch (IllegalArgumentException notAnAccount) {
			throw closedAccount();
		}
	}

	private static OAuth2AuthenticationException closedAccount() {
		return new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
	}
}
