package com.yuelv.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.yuelv.Api;
import com.yuelv.Api.Response;
import com.yuelv.ApiTestSupport;
import com.yuelv.YuelvApplication;

/**
 * Rate limits with small buckets: the headers, the 429 with Retry-After, one bucket per route class and client, the
 * account's bucket for authenticated requests wherever they come from, X-Forwarded-For believed from trusted proxies
 * only, the authorization server limited like the login, a path spelt with escapes classed as the route it reaches, a bad token counted against its address, and a
 * malformed limit refused at start naming its key.
 */
@SpringBootTest(properties = {
		"yuelv.rate-limits.trusted-proxies=10.0.0.0/8, fd00::/8",
		"yuelv.rate-limits.classes.browse.anonymous.capacity=5",
		"yuelv.rate-limits.classes.browse.anonymous.period=1h",
		"yuelv.rate-limits.classes.browse.authenticated.capacity=4",
		"yuelv.rate-limits.classes.browse.authenticated.period=1h",
		"yuelv.rate-limits.classes.auth.anonymous.capacity=11",
		"yuelv.rate-limits.classes.auth.anonymous.period=1h",
		"yuelv.rate-limits.classes.write.anonymous.capacity=13",
		"yuelv.rate-limits.classes.write.anonymous.period=1h" })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RateLimitIntegrationTests extends ApiTestSupport {

	private Response browse(String remoteAddress, String forwardedFor, String token) {
		MockHttpServletRequestBuilder request = Api.request(HttpMethod.GET, "/api/v1/places?prefix=kyo", token)
				.with(it -> {
					it.setRemoteAddr(remoteAddress);
					return it;
				});
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return api.perform(request);
	}

	private List<Integer> statuses(int times, java.util.function.IntFunction<Response> call) {
		var statuses = new ArrayList<Integer>();
		for (int i = 0; i < times; i++) {
			statuses.add(call.apply(i).status());
		}
		return statuses;
	}

	@Test
	void admitsTheBucketThenRefusesWithRetryAfter() {
		var client = "203.0.113.10";
		var given = 0;
		for (int remaining = 4; remaining >= 0; remaining--) {
			var admitted = browse(client, null, null);
			assertThat(admitted.status()).isEqualTo(200);
			given += admitted.header("Age") == null ? 0 : 1;
			assertThat(admitted.header("RateLimit-Limit")).isEqualTo("5");
			assertThat(admitted.header("RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
			assertThat(Long.parseLong(admitted.header("RateLimit-Reset"))).isBetween(1L, 3600L);
		}
		assertThat(given).as("answers the replica kept count as much").isPositive();
		var refused = browse(client, null, null);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.string("$.type")).endsWith("/rate-limited");
		assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 720L);

		assertThat(api.perform(Api.request(HttpMethod.GET, "/actuator/health", null).with(it -> {
			it.setRemoteAddr(client);
			return it;
		})).status()).as("not API: not limited").isEqualTo(200);
		assertThat(browse("203.0.113.11", null, null).status()).as("another client").isEqualTo(200);
	}

	@Test
	void aClientThatIsNotATrustedProxyCannotPickItsBucket() {
		var statuses = statuses(7, i -> browse("203.0.113.20", "198.51.100." + i, null));
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429);
	}

	@Test
	void aTrustedProxyNamesTheClient() {
		var first = statuses(6, i -> browse("10.1.2.3", "198.51.100.7, 10.9.9.9", null));
		assertThat(first).containsExactly(200, 200, 200, 200, 200, 429);
		assertThat(browse("10.1.2.3", "198.51.100.8", null).status()).as("another client behind the proxy")
				.isEqualTo(200);
		assertThat(browse("fd00::1", "198.51.100.9", null).status()).isEqualTo(200);
	}

	@Test
	void theAddressesOfOneIpv6NetworkShareABucket() {
		// one /64, five addresses of it: one client, one bucket of 5
		var statuses = statuses(6, i -> browse("2001:db8:7:1::" + (i + 1), null, null));
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
		assertThat(browse("2001:db8:7:2::1", null, null).status()).as("the next /64").isEqualTo(200);
	}

	@Test
	void anAccountHasOneBucketWhereverItsRequestsComeFrom() {
		var person = api.register("limited-" + UUID.randomUUID() + "@yuelv.test", "Limited");
		var statuses = statuses(5, i -> browse("198.18.0." + i, null, person.accessToken()));
		assertThat(statuses).containsExactly(200, 200, 200, 200, 429);
	}

	@Test
	void theAuthorizationServerIsLimitedLikeTheLoginByTheClientBehindTheEdge() throws Exception {
		java.util.function.Function<String, org.springframework.mock.web.MockHttpServletResponse> token = client -> {
			try {
				return mvc.perform(MockMvcRequestBuilders.post("/oauth2/token").with(it -> {
					it.setRemoteAddr("10.0.0.5");
					return it;
				}).header("X-Forwarded-For", client).contentType(MediaType.APPLICATION_FORM_URLENCODED)
						.param("grant_type", "refresh_token").param("refresh_token", "x").param("client_id", "web"))
						.andReturn().getResponse();
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		};
		var first = token.apply("198.51.100.60");
		assertThat(first.getStatus()).isEqualTo(400);
		assertThat(first.getHeader("RateLimit-Limit")).as("the auth class").isEqualTo("11");
		assertThat(first.getHeader("RateLimit-Remaining")).isEqualTo("10");
		assertThat(token.apply("198.51.100.60").getHeader("RateLimit-Remaining")).isEqualTo("9");
		assertThat(token.apply("198.51.100.61").getHeader("RateLimit-Remaining")).as("another client, same edge")
				.isEqualTo("10");
		for (int i = 0; i < 10; i++) {
			token.apply("198.51.100.62");
		}
		assertThat(token.apply("198.51.100.62").getHeader("RateLimit-Remaining")).as("the eleventh").isEqualTo("0");
		var twelfth = token.apply("198.51.100.62");
		assertThat(twelfth.getStatus()).isEqualTo(429);
		assertThat(twelfth.getContentType()).startsWith("application/problem+json");
	}

	@Test
	void aPathSpelledWithEscapesCountsAsTheRouteTheApplicationAnswers() throws Exception {
		// the login, spelt so that its raw path is not /api/v1/auth/...: the application answers it as the login, so
		// it takes from the auth bucket (11), not from a write bucket (13) of its own
		var login = mvc.perform(MockMvcRequestBuilders.post(URI.create("/api/v1/%61uth/login")).with(it -> {
			it.setRemoteAddr("203.0.113.40");
			return it;
		}).contentType(MediaType.APPLICATION_JSON).content("""
				{"email":"nobody-%s@yuelv.test","password":"not the password 12345"}""".formatted(UUID.randomUUID())))
				.andReturn().getResponse();
		assertThat(login.getStatus()).isEqualTo(401);
		assertThat(login.getContentAsString()).contains("invalid-credentials");
		assertThat(login.getHeader("RateLimit-Limit")).isEqualTo("11");
		assertThat(login.getHeader("RateLimit-Remaining")).isEqualTo("10");
	}

	@Test
	void requestsWithABadTokenAreCountedAgainstTheirAddress() throws Exception {
		// the token fails before the limits' place in the chain; the failure itself takes from the address's bucket
		for (int remaining = 4; remaining >= 0; remaining--) {
			var refused = withBadToken("203.0.113.41");
			assertThat(refused.getStatus()).isEqualTo(401);
			assertThat(refused.getHeader("RateLimit-Limit")).isEqualTo("5");
			assertThat(refused.getHeader("RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
		}
		var limited = withBadToken("203.0.113.41");
		assertThat(limited.getStatus()).isEqualTo(429);
		assertThat(limited.getContentType()).startsWith("application/problem+json");
		assertThat(limited.getContentAsString()).contains("/rate-limited");
		assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isPositive();
		assertThat(browse("203.0.113.41", null, null).status()).as("the same bucket, anonymous").isEqualTo(429);
		assertThat(withBadToken("203.0.113.42").getStatus()).as("another address").isEqualTo(401);
	}

	private org.springframework.mock.web.MockHttpServletResponse withBadToken(String remoteAddress) throws Exception {
		return mvc.perform(MockMvcRequestBuilders.get("/api/v1/places?prefix=kyo").with(it -> {
			it.setRemoteAddr(remoteAddress);
			return it;
		}).header("Authorization", "Bearer not.a.token")).andReturn().getResponse();
	}

	@Test
	void aMalformedLimitFailsTheStartNamingItsKey() {
		for (var broken : Map.of(
				"--yuelv.rate-limits.classes.browse.anonymous.capacity=0",
				"yuelv.rate-limits.classes.browse.anonymous.capacity",
				"--yuelv.rate-limits.trusted-proxies=10.0.0.0/40",
				"yuelv.rate-limits.trusted-proxies[0]").entrySet()) {
			assertThatThrownBy(() -> new SpringApplicationBuilder(YuelvApplication.class).profiles("test")
					.run("--server.port=0", broken.getKey()).close())
					.hasStackTraceContaining(broken.getValue());
		}
	}
}
