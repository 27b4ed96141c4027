package com.yuelv.platform.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.yuelv.platform.PlatformProperties;
import com.yuelv.platform.deployment.PeerClients;
import com.yuelv.platform.ratelimit.RateLimitFilter;
import com.yuelv.shared.PageTokens;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Everything under {@code /api} needs a bearer token except registration, login, token refresh
 * and logout, and public trip reads; health and the API documentation are open. Sessions are never created.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Claim that carries the account's roles in an access token. */
	static final String ROLES_CLAIM = "roles";
	/** Verified access tokens kept per replica, a few kilobytes each; the least used go first. */
	private static final long VERIFIED_TOKENS_KEPT = 10_000;

	@Bean
	SecurityFilterChain api(HttpSecurity http, ProblemAuthenticationFailures failures, RateLimitFilter rateLimits)
			throws Exception {
		var roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName(ROLES_CLAIM);
		roles.setAuthorityPrefix("ROLE_");
		var authentication = new JwtAuthenticationConverter();
		authentication.setJwtGrantedAuthoritiesConverter(roles);

		return http
				.csrf(csrf -> csrf.disable())
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class)).permitAll()
						.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
						.requestMatchers(POST, "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
								"/api/v1/auth/logout").permitAll()
						.requestMatchers(GET, "/api/v1/trips", "/api/v1/trips/{id}", "/api/v1/trips/{id}/seats",
								"/api/v1/nearby-trips", "/api/v1/places", "/api/v1/places/**", "/api/v1/search/**")
						.permitAll()
						.requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
								"/swagger-ui/**").permitAll()
						.requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
						// module APIs served to the other deployments of a split, never routed by the edge
						.requestMatchers("/internal/**").hasRole(PeerClients.PEER_ROLE)
						.requestMatchers("/error").permitAll()
						.anyRequest().authenticated())
				.oauth2ResourceServer(resourceServer -> resourceServer
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
	ProblemAuthenticationFailures problemAuthenticationFailures(JsonMapper json) {
		return new ProblemAuthenticationFailures(json);
	}

	@Bean
	SigningKeys signingKeys(PlatformProperties properties) {
		return SigningKeys.loadOrCreate(properties.jwtKeyFile());
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKeys keys) {
		var key = new RSAKey.Builder(keys.publicKey())
				.privateKey(keys.privateKey())
				.keyID(keys.keyId())
				.algorithm(JWSAlgorithm.RS256)
				.build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
	}

	/** Verifies each token's signature once (see {@link VerifiedTokens}) and its claims on every request. */
	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, PlatformProperties properties) {
		var signatureCheck = NimbusJwtDecoder.withPublicKey(keys.publicKey()).build();
		signatureCheck.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		return new VerifiedTokens(signatureCheck, JwtValidators.createDefaultWithIssuer(properties.jwt().issuer()),
				VERIFIED_TOKENS_KEPT);
	}

	/** Argon2id with the parameters Spring Security recommends since 5.8. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
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
