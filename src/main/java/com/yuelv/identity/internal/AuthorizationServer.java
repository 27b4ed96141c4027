package com.yuelv.identity.internal;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.LockedException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Identity's OAuth 2.1 and OpenID Connect authorization server (Spring Authorization Server), beside the password
 * login the mobile app keeps using:
 * <ul>
 * <li>the first-party apps (web, mini-program) log a traveller in with the authorization code and PKCE on
 * {@value #LOGIN_PAGE}, and keep the session with refresh tokens that {@link Sessions} rotates, as it does the
 * password login's, with the same reuse detection;</li>
 * <li>partners read with client credentials, within their scopes;</li>
 * <li>discovery ({@code /.well-known/openid-configuration}), the keys ({@code /oauth2/jwks}: the signing key and those
 * of {@code yuelv.jwt.verification-keys-file}), user info, revocation and introspection.</li>
 * </ul>
 * Every access token it issues is signed with the password login's key and carries the claims the deployments check
 * ({@link TokenClaims}), so the revocations of logout, reuse detection, role changes and account closing stop them.
 * <p>
 * Two filter chains, ordered before the platform's API chain: the server's endpoints, and the login page, the only
 * page that keeps a session (its cookie as {@code server.servlet.session.cookie.*} sets it).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServer {

	static final String LOGIN_PAGE = "/login";

	/**
	 * The login page's own policy: its form posts to itself, and the authorization that follows redirects to a
	 * first-party app's address, which browsers check against {@code form-action} as well.
	 */
	static String loginPagePolicy(OAuthClients clients) {
		var formTargets = clients.redirectOrigins().stream().collect(Collectors.joining(" "));
		return "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
				+ "form-action 'self'" + (formTargets.isEmpty() ? "" : " " + formTargets) + "; frame-ancestors 'none'";
	}

	@Bean
	RegisteredClientRepository registeredClients(OAuthClients clients, IdentitySettings identity) {
		var registered = new TreeMap<String, RegisteredClient>();
		clients.clients().forEach((id, client) -> registered.put(id, registered(id, client, clients, identity)));
		return new RegisteredClientRepository() {

			@Override
			public void save(RegisteredClient client) {
				throw new IllegalStateException("Clients are configured (yuelv.identity.oauth.clients), not saved");
			}

			@Override
			public @Nullable RegisteredClient findById(String id) {
				return registered.get(id);
			}

			@Override
			public @Nullable RegisteredClient findByClientId(String clientId) {
				return registered.get(clientId);
			}
		};
	}

	private static RegisteredClient registered(String id, OAuthClients.Client client, OAuthClients clients,
			IdentitySettings identity) {
		var builder = RegisteredClient.withId(id).clientId(id).clientName(id);
		switch (client.kind()) {
			case FIRST_PARTY -> builder
					.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
					.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
					.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
					.redirectUris(uris -> client.redirectUris().forEach(uri -> uris.add(uri.toString())))
					.scope(OidcScopes.OPENID)
					.scope(OidcScopes.PROFILE)
					.scopes(scopes -> scopes.addAll(client.scopes()))
					.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
							.build())
					.tokenSettings(TokenSettings.builder()
							.authorizationCodeTimeToLive(clients.authorizationCodeTtl())
							.accessTokenTimeToLive(identity.accessTokenTtl())
							.refreshTokenTimeToLive(identity.refreshTokenTtl())
							.reuseRefreshTokens(false)
							.build());
			case PARTNER -> builder
					.clientSecret(client.secret())
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scopes(scopes -> scopes.addAll(client.scopes()))
					.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
					.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(clients.partnerTokenTtl()).build());
		}
		return builder.build();
	}

	@Bean
	AuthorizationStore authorizationStore(DataSource dataSource, RegisteredClientRepository clients, Sessions sessions) {
		return new AuthorizationStore(dataSource, clients, sessions);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(IdentitySettings identity) {
		var issuer = URI.create(identity.issuer());
		if (!issuer.isAbsolute() || !("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))) {
			throw new IllegalStateException("yuelv.identity.issuer must be the public URL of the API (an http(s) URL, "
					+ "as OpenID Connect asks), not " + identity.issuer());
		}
		return AuthorizationServerSettings.builder().issuer(identity.issuer()).build();
	}

	/** The server's endpoints: discovery, keys, authorization, tokens, revocation, introspection, user info. */
	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerChain(HttpSecurity http, RegisteredClientRepository clients,
			AuthorizationStore authorizations, AuthorizationServerSettings settings, Sessions sessions, Accounts accounts,
			JwtEncoder encoder, JwtDecoder decoder, PlatformTransactionManager transactions, JsonMapper json)
			throws Exception {
		var accessTokens = new JwtGenerator(encoder);
		accessTokens.setJwtCustomizer(new TokenClaims(accounts));
		OAuth2TokenGenerator<?> tokens = new DelegatingOAuth2TokenGenerator(accessTokens,
				new SessionRefreshTokens(sessions));
		var problems = new OAuthProblems(json);
		var userInfoTokens = new DefaultBearerTokenResolver();
		var login = new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE);
		AuthenticationEntryPoint unauthenticated = (request, response, failure) -> {
			if (request.getRequestURI().equals(request.getContextPath() + settings.getAuthorizationEndpoint())) {
				login.commence(request, response, failure);
			}
			else {
				problems.commence(request, response, failure);
			}
		};
		var refreshGrant = new RefreshTokenGrant(sessions, authorizations, accessTokens, transactions);
		var revocation = new TokenRevocationGrant(sessions, authorizations, decoder);
		var introspection = new TokenIntrospection(decoder);
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.registeredClientRepository(clients)
					.authorizationService(authorizations)
					.authorizationServerSettings(settings)
					.tokenGenerator(tokens)
					.clientAuthentication(authentication -> authentication
							.authenticationConverter(new PublicClients.Converter(settings.getTokenEndpoint(),
									settings.getTokenRevocationEndpoint()))
							.authenticationProvider(new PublicClients.Provider(clients))
							.authenticationProviders(providers -> providers.replaceAll(OAuthProblems::busyAware))
							.errorResponseHandler(problems))
					.tokenEndpoint(endpoint -> endpoint
							.authenticationProviders(providers -> providers.replaceAll(provider ->
									provider instanceof OAuth2RefreshTokenAuthenticationProvider ? refreshGrant : provider))
							.errorResponseHandler(problems))
					.tokenRevocationEndpoint(endpoint -> endpoint
							.authenticationProviders(providers -> {
								providers.clear();
								providers.add(revocation);
							})
							.errorResponseHandler(problems))
					.tokenIntrospectionEndpoint(endpoint -> endpoint
							.authenticationProviders(providers -> {
								providers.clear();
								providers.add(introspection);
							})
							.errorResponseHandler(problems))
					.oidc(oidc -> oidc.userInfoEndpoint(userInfo -> userInfo.errorResponseHandler(problems)));
		});
		return http
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				// a browser sent to authorize without a login goes to the login page; anything else is a 401 problem
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthenticated))
				// the user info endpoint takes an access token, and only it: a bearer token never logs a browser in to
				// authorize (a code would then be issued on a 15-minute token's strength)
				.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults())
						.bearerTokenResolver(request -> request.getRequestURI()
								.equals(request.getContextPath() + settings.getOidcUserInfoEndpoint())
										? userInfoTokens.resolve(request) : null)
						.authenticationEntryPoint(problems))
				.headers(headers -> headers
						.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
						.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")))
				.build();
	}

	/**
	 * The login page ({@code identity.web.LoginPage}) and its form: the password login's check, throttle and audit
	 * ({@link AccountPasswords}), then back to the authorization that sent the browser here.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain loginPageChain(HttpSecurity http, Sessions sessions, OAuthClients clients) throws Exception {
		var failures = new ExceptionMappingAuthenticationFailureHandler();
		failures.setDefaultFailureUrl(LOGIN_PAGE + "?error");
		failures.setExceptionMappings(Map.of(LockedException.class.getName(), LOGIN_PAGE + "?throttled",
				AuthenticationServiceException.class.getName(), LOGIN_PAGE + "?busy"));
		return http
				.securityMatcher(LOGIN_PAGE)
				.authenticationManager(new ProviderManager(new AccountPasswords(sessions)))
				.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.formLogin(form -> form
						.loginPage(LOGIN_PAGE)
						.usernameParameter("email")
						.passwordParameter("password")
						// no details: the login is stored with the authorization, and the client's address is not to be kept there
						.authenticationDetailsSource(request -> null)
						.failureHandler(failures)
						.defaultSuccessUrl(LOGIN_PAGE + "?signed-in"))
				.headers(headers -> headers
						.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
						.contentSecurityPolicy(csp -> csp.policyDirectives(loginPagePolicy(clients))))
				.build();
	}
}
