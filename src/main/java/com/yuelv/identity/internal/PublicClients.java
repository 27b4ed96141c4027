package com.yuelv.identity.internal;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

import jakarta.servlet.http.HttpServletRequest;

/**
 * First-party apps are public clients: they hold no secret. Spring Authorization Server lets a public client in only
 * with a PKCE verifier, that is, when it trades an authorization code; these let one in, by its {@code client_id}
 * alone, to trade its refresh token and to revoke its tokens. That is safe because what it presents is bound to it: a
 * refresh token is traded only by the client it was issued to ({@link Sessions#rotate}), and a revocation only ends
 * the client's own sessions.
 */
final class PublicClients {

	/** Marks a client authentication this converter made, so that the provider takes no other. */
	private static final String PURPOSE = PublicClients.class.getName() + ".purpose";

	private PublicClients() {}

	/** The client of a grant or request, which must have been authenticated. */
	static OAuth2ClientAuthenticationToken authenticatedClient(Authentication request) {
		if (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
			return client;
		}
		throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
	}

	/**
	 * Reads a public client's id from a refresh-token request at the token endpoint or a revocation that carries no
	 * credentials; any other request, or one at another endpoint, is left to Spring Authorization Server's converters.
	 */
	static final class Converter implements AuthenticationConverter {

		private final String tokenPath;
		private final String revocationPath;

		Converter(String tokenPath, String revocationPath) {
			this.tokenPath = tokenPath;
			this.revocationPath = revocationPath;
		}

		@Override
		public @Nullable Authentication convert(HttpServletRequest request) {
			if (!"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
					|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
					|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
				return null;
			}
			var path = request.getRequestURI().substring(request.getContextPath().length());
			String purpose;
			if (path.equals(tokenPath) && AuthorizationGrantType.REFRESH_TOKEN.getValue()
					.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
				purpose = "refresh";
			}
			else if (path.equals(revocationPath)) {
				purpose = "revocation";
			}
			else {
				return null;
			}
			var ids = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
			if (ids == null) {
				// no client named: unauthenticated, answered invalid_client
				return null;
			}
			if (ids.length != 1 || ids[0].isBlank()) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
			}
			return new OAuth2ClientAuthenticationToken(ids[0], ClientAuthenticationMethod.NONE, null,
					Map.of(PURPOSE, purpose));
		}
	}

	/** Lets in a registered public client that {@link Converter} read. */
	static final class Provider implements AuthenticationProvider {

		private final RegisteredClientRepository clients;

		Provider(RegisteredClientRepository clients) {
			this.clients = clients;
		}

		@Override
		public @Nullable Authentication authenticate(Authentication authentication) {
			var request = (OAuth2ClientAuthenticationToken) authentication;
			if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())
					|| !request.getAdditionalParameters().containsKey(PURPOSE)) {
				return null;
			}
			var client = clients.findByClientId(String.valueOf(request.getPrincipal()));
			if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
			}
			return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
		}
	}
}
