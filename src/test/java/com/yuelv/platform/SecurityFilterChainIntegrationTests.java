package com.yuelv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

import io.micrometer.core.instrument.MeterRegistry;

/** What the security filter chain costs and still checks. */
@EmbeddedModeTest
class SecurityFilterChainIntegrationTests extends ApiTestSupport {

	@Autowired MeterRegistry meters;

	@Test
	void observesAnAuthenticatedRequestOnceNotEachSecurityFilter() {
		var person = api.register("Observed");

		assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);

		assertThat(meters.find("http.server.requests").tag("uri", "/api/v1/me").timer()).isNotNull();
		assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
				.noneMatch(name -> name.startsWith("spring.security."));
	}

	@Test
	void theFirewallStillRefusesControlCharactersInHeadersWithAProblem() {
		var person = api.register("Firewalled");

		// a header is checked when it is read: the access token's always is (a malformed token would be a 401)
		var refused = api.perform(Api.request(HttpMethod.GET, "/api/v1/me", person.accessToken() + "\u0007"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.contentType()).isEqualTo("application/problem+json");
		assertThat(refused.string("$.type")).endsWith("/malformed-request");
		assertThat(refused.body()).doesNotContain(person.accessToken());
		assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);
	}

	@Test
	void aMalformedBearerHeaderIsAnInvalidTokenProblemAndAWellFormedOneStillWorks() {
		var person = api.register("Resolved");

		// the scheme in another case is still the scheme; a space inside the token is not a token
		assertThat(api.perform(Api.request(HttpMethod.GET, "/api/v1/me", null)
				.header("Authorization", "bEaReR " + person.accessToken())).status()).isEqualTo(200);
		var malformed = api.perform(Api.request(HttpMethod.GET, "/api/v1/me", null)
				.header("Authorization", "Bearer " + person.accessToken() + " x"));

		assertThat(malformed.status()).isEqualTo(401);
		assertThat(malformed.contentType()).isEqualTo("application/problem+json");
		assertThat(malformed.header("WWW-Authenticate")).contains("invalid_token").contains("malformed");
		// and a header of another scheme is no bearer token at all: anonymous, so a public read passes
		assertThat(api.perform(Api.request(HttpMethod.GET, "/api/v1/trips", null)
				.header("Authorization", "Basic dXNlcjpwYXNz")).status()).isEqualTo(200);
	}
}
