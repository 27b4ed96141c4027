package com.yuelv.platform.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.POST;

import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.scheduling.TaskScheduler;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.CorsFilter;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.yuelv.platform.PlatformProperties;
import com.yuelv.platform.RsaKeyFile;
import com.yuelv.platform.deployment.PeerClients;
import com.yuelv.platform.deployment.PeerCredentials;
import com.yuelv.platform.ratelimit.RateLimitFilter;
import com.yuelv.platform.web.HeaderCharacters;
import com.yuelv.platform.web.PublicReads;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.TokenRevocations;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Everything under {@code /api} needs an account's bearer token except registration, login, token
 * refresh and logout, and the public reads (which a partner's token reaches only with their scope, see
 * {@link PartnerScopes}); health and the API documentation are open. This chain never creates a session: the
 * authorization server's endpoints and its login page are identity's chains, ordered before this one.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Claim that carries the account's roles in an access token. */
	static final String ROLES_CLAIM = "roles";
	/** Verified access tokens kept per replica, a few kilobytes each; the least used go first. */
	private static final long VERIFIED_TOKENS_KEPT = 10_000;
	/** Verified peer credentials kept: a few per replica of each peer deployment. */
	private static final long VERIFIED_PEER_TOKENS_KEPT = 1_000;
	/** The authority of a verified peer credential. */
	private static final String PEER = "ROLE_" + PeerClients.PEER_ROLE;

	/** Reads anyone may make, with or without a token (HEAD as well as GET). */
	private static final String[] PUBLIC_READS = PublicReads.PATHS.toArray(String[]::new);
	/** The OpenAPI document and Swagger UI, where they are switched on ({@code springdoc.*.enabled}). */
	private static final String[] DOCUMENTATION = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
			"/swagger-ui/**" };
	/**
	 * What a browser may do with an answer: the API's JSON needs nothing; Swagger UI's page loads its own scripts and
	 * styles (and sets inline styles) and calls the API on the same origin. No page may frame another of ours.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			+ "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
	/** Browser features no page of the API uses. */
	static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
			+ "interest-cohort=()";

	@Bean
	SecurityFilterChain api(HttpSecurity http, ProblemAuthenticationFailures failures, RateLimitFilter rateLimits,
			PlatformProperties properties) throws Exception {
		var roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName(ROLES_CLAIM);
		roles.setAuthorityPrefix("ROLE_");
		var accounts = new JwtAuthenticationConverter();
		// an account's token never makes a peer, whatever its roles claim says
		accounts.setJwtGrantedAuthoritiesConverter(jwt -> roles.convert(jwt).stream()
				.filter(role -> !PEER.equals(role.getAuthority())).toList());
		var partners = new JwtAuthenticationConverter();
		// a partner's token (client credentials) holds its scopes, and no account's roles whatever it claims
		partners.setJwtGrantedAuthoritiesConverter(jwt -> PartnerScopes.authoritiesOf(jwt));
		Converter<Jwt, AbstractAuthenticationToken> authentication = jwt -> PeerCredentials.deploymentOf(jwt)
				.<AbstractAuthenticationToken>map(deployment -> new JwtAuthenticationToken(jwt,
						List.of(new SimpleGrantedAuthority(PEER)), jwt.getSubject()))
				.orElseGet(() -> PartnerScopes.isPartnerToken(jwt) ? partners.convert(jwt) : accounts.convert(jwt));

		return http
				.csrf(csrf -> csrf.disable())
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.authorizeHttpRequests(requests -> requests
						// probes and the scrape; none is routed by the edge, and metrics hold no personal data
						.requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class,
								PrometheusScrapeEndpoint.class)).permitAll()
						.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
						.requestMatchers(POST, "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
								"/api/v1/auth/logout").permitAll()
						// the payment provider's webhooks: no account, believed only by their signature
						.requestMatchers(POST, "/api/v1/payment-provider/events").permitAll()
						// anyone; a partner's token only with the scope of what it reads
						.requestMatchers(GET, PUBLIC_READS).access(PartnerScopes.publicReads())
						.requestMatchers(HEAD, PUBLIC_READS).access(PartnerScopes.publicReads())
						.requestMatchers(GET, DOCUMENTATION).permitAll()
						.requestMatchers(HEAD, DOCUMENTATION).permitAll()
						.requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
						// module APIs served to the other deployments of a split, never routed by the edge
						.requestMatchers("/internal/**").hasRole(PeerClients.PEER_ROLE)
						.requestMatchers("/error").permitAll()
						// an account's business: never a partner's
						.anyRequest().access(PartnerScopes.notPartners()))
				.headers(headers -> headers
						.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
						.permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY))
						.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
				.oauth2ResourceServer(resourceServer -> resourceServer
						// RFC 9728 metadata states the configured public URL, never the caller's Host, and only what
						// holds: tokens are bearer tokens in the Authorization header, not bound to a certificate
						.protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
								builder -> builder.resource(properties.publicUrl().toString())
										.resourceName("Yuelv API")
										.tlsClientCertificateBoundAccessTokens(false)
										.bearerMethods(methods -> {
											methods.clear();
											methods.add("header");
										})))
						.bearerTokenResolver(new AuthorizationBearerTokens())
						.jwt(jwt -> jwt.jwtAuthenticationConverter(authentication))
						// a bad token ends the chain before the limits: counted against the client's address here
						.authenticationEntryPoint(rateLimits.countingFailures(failures))
						.accessDeniedHandler(failures))
				.exceptionHandling(exceptions -> exceptions
						.authenticationEntryPoint(failures)
						.accessDeniedHandler(failures))
				// limits count a request against its account once the bearer token was checked, and refuse it before
				// anything else works on it
				.addFilterAfter(rateLimits, BearerTokenAuthenticationFilter.class)
				.build();
	}

	/**
	 * Calls from other origins, decided right after the request's observation begins and before the request contract,
	 * security and everything else: a preflight is answered here, and every answer an allowed page may read, the
	 * contract's refusals and security's problems among them, carries its CORS headers. Only the load shedding comes
	 * first; its refusal may be read from any origin.
	 */
	@Bean
	FilterRegistrationBean<CorsFilter> crossOriginRequests(CorsSettings cors, PlatformProperties properties,
			ProblemAuthenticationFailures failures) {
		var registration = new FilterRegistrationBean<>(
				new CrossOriginRequests(cors, properties.publicUrl()).filter(failures));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		registration.addUrlPatterns("/api/*");
		CrossOriginRequests.AUTHORIZATION_SERVER.forEach(registration::addUrlPatterns);
		return registration;
	}

	/**
	 * Requests are observed once, as {@code http.server.requests}. Spring Security would also observe its filter
	 * chain (an event before and after each of its filters), every authentication and every authorization: a tenth of
	 * an authenticated request's CPU, for metrics the platform does not use.
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Spring Security's strict firewall, its header rules checked without regular expressions (see
	 * {@link HeaderCharacters}).
	 */
	@Bean
	HttpFirewall httpFirewall() {
		var firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::isAllowedName);
		firewall.setAllowedHeaderValues(HeaderCharacters::isAllowedValue);
		return firewall;
	}

	/**
	 * The chain's answers to failed authentication and authorization; also, as the context's
	 * {@code RequestRejectedHandler}, to requests the firewall refuses.
	 */
	@Bean
	ProblemAuthenticationFailures problemAuthenticationFailures(JsonMapper json, PlatformProperties properties) {
		return new ProblemAuthenticationFailures(json, properties.publicUrl());
	}

	/** The key of access tokens: whole where they are signed, its public half where they are only verified. */
	@Bean
	AccessTokenKey accessTokenKey(PlatformProperties properties) {
		return AccessTokenKey.read(properties.jwtKeyFile());
	}

	/** Made only where something signs access tokens (identity): elsewhere the private key need not be there. */
	@Bean
	@Lazy
	JwtEncoder jwtEncoder(AccessTokenKey keys, PlatformProperties properties) {
		var key = new RSAKey.Builder(keys.publicKey())
				.privateKey(keys.signingKey(properties.jwtKeyFile()))
				.keyID(keys.keyId())
				.algorithm(JWSAlgorithm.RS256)
				.build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
	}

	/**
	 * The public keys of access tokens under their key ids: the signing key's, and those of
	 * {@code yuelv.jwt.verification-keys-file} (the next key before it signs, the previous one while its tokens live).
	 * Every deployment verifies tokens with them; the authorization server publishes them (JWKS).
	 */
	@Bean
	JWKSource<SecurityContext> accessTokenPublicKeys(AccessTokenKey keys, PlatformProperties properties) {
		return publicKeys(keys, keys.verificationKeys(properties.jwt().verificationKeysFile()));
	}

	/** The signing key's public half and the other keys tokens are verified with, each under its key id. */
	static JWKSource<SecurityContext> publicKeys(AccessTokenKey keys, List<RSAPublicKey> verificationKeys) {
		var published = new ArrayList<JWK>();
		published.add(publicJwk(keys.publicKey(), keys.keyId()));
		for (var key : verificationKeys) {
			published.add(publicJwk(key, RsaKeyFile.keyIdOf(key)));
		}
		return new ImmutableJWKSet<>(new JWKSet(published));
	}

	private static JWK publicJwk(RSAPublicKey key, String keyId) {
		return new RSAKey.Builder(key).keyID(keyId).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build();
	}

	@Bean
	RevokedTokens revokedTokens(TokenRevocations source, PlatformProperties properties, Clock clock,
			TaskScheduler scheduler) {
		var revoked = new RevokedTokens(source, properties.jwt().revocationsKeptFor(), clock);
		// read once before the replica serves, so that a replica added in a surge knows the revocations at once
		revoked.refresh();
		scheduler.scheduleWithFixedDelay(revoked::refresh, Instant.now().plus(properties.jwt().revocationRefresh()),
				properties.jwt().revocationRefresh());
		return revoked;
	}

	/**
	 * Verifies each token's signature once (see {@link VerifiedTokens}) and its claims on every request. An account's
	 * access token: with the signing key or another of {@link #accessTokenPublicKeys}, by its key id, then its type,
	 * issuer, expiry and {@linkplain RevokedTokens revocation}. A peer
	 * deployment's credential: with that deployment's own public key, then expiry and audience (see
	 * {@link PeerCredentials}).
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> publicKeys, PlatformProperties properties, RevokedTokens revoked,
			PeerCredentials peers) {
		// the token's type is checked with its claims (accessTokensOnly), not by Nimbus, which takes only JWT
		var signatureCheck = NimbusJwtDecoder.withJwkSource(publicKeys)
				.jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier((type, context) -> {}))
				.build();
		signatureCheck.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		// Spring's default validators would take only tokens typed JWT (or untyped ones, ID tokens among them)
		var claims = new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(properties.jwt().issuer()), accessTokensOnly(), revoked);
		var accounts = new VerifiedTokens(signatureCheck, claims, VERIFIED_TOKENS_KEPT);
		var deployments = new VerifiedTokens(peers::verifySignature, peers.claims(), VERIFIED_PEER_TOKENS_KEPT);
		return token -> PeerCredentials.presentedByPeer(token) ? deployments.decode(token) : accounts.decode(token);
	}

	/**
	 * Only access tokens are: typed {@code JWT}, as identity types them, or RFC 9068's {@code at+jwt}. An ID token, signed
	 * with the same key for the same issuer and naming the account too, has no type and is refused.
	 */
	static JwtTypeValidator accessTokensOnly() {
		var types = new JwtTypeValidator("at+jwt", "JWT");
		types.setAllowEmpty(false);
		return types;
	}

	/**
	 * Argon2id with the parameters Spring Security recommends since 5.8, so many hashes at a time
	 * ({@code yuelv.password-hashing}); {@code yuelv.passwords.waiting} counts the ones waiting for their turn.
	 */
	@Bean
	PasswordEncoder passwordEncoder(PasswordHashingSettings settings, MeterRegistry meters) {
		var encoder = new BoundedPasswordEncoder(Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
				settings.slots(), settings.maxWait());
		Gauge.builder("yuelv.passwords.waiting", encoder, BoundedPasswordEncoder::waiting)
				.description("Password hashes waiting for their turn").register(meters);
		return encoder;
	}

	@Bean
	PageTokens pageTokens(PlatformProperties properties) {
		byte[] secret;
		if (properties.pageTokenSecret().isBlank()) {
			secret = new byte[32];
			new SecureRandom().nextBytes(secret);
		}
		else {
			secret = properties.pageTokenSecret().getBytes(StandardCharsets.UTF_8);
			if (secret.length < 32) {
				throw new IllegalStateException("yuelv.page-token-secret must be at least 32 bytes long");
			}
		}
		return new PageTokens(secret);
	}
}
