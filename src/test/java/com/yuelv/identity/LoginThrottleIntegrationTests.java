package com.yuelv.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;

import com.yuelv.Api;
import com.yuelv.Api.Response;
import com.yuelv.ApiTestSupport;

/**
 * Brute-force protection of logins: an address that failed too often for one email, or for many, waits; the
 * account's owner from another address does not; guesses at one email spread over many addresses make every new
 * address wait, but not the owner's known ones; a success clears the address's failures for the email.
 */
@SpringBootTest(properties = { "yuelv.identity.login-throttle.per-address=8",
		"yuelv.identity.login-throttle.per-account=12" })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class LoginThrottleIntegrationTests extends ApiTestSupport {

	private Response logIn(String email, String password, String address) {
		return api.perform(Api.request(HttpMethod.POST, "/api/v1/auth/login", null)
				.contentType(MediaType.APPLICATION_JSON)
				.content(api.write(Map.of("email", email, "password", password)))
				.with(request -> {
					request.setRemoteAddr(address);
					return request;
				}));
	}

	private String registered() {
		var email = "throttle-" + UUID.randomUUID() + "@yuelv.test";
		api.register(email, "Throttled");
		return email;
	}

	@Test
	void anAttackerWaitsWhileTheOwnerLogsInFromElsewhere() {
		var email = registered();
		for (int i = 0; i < 5; i++) {
			assertThat(logIn(email, "wrong password " + i, "203.0.113.50").status()).isEqualTo(401);
		}
		var refused = logIn(email, Api.PASSWORD, "203.0.113.50");
		assertThat(refused.status()).as("even the right password waits").isEqualTo(429);
		assertThat(refused.string("$.type")).endsWith("/login-throttled");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(800L, 900L);

		assertThat(logIn(email, Api.PASSWORD, "198.51.100.60").status()).as("the owner, elsewhere").isEqualTo(200);
	}

	@Test
	void aBurstOfParallelGuessesGetsNoMoreThanTheLimitAllowsOneAfterTheOther() throws Exception {
		var email = registered();
		var statuses = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
		try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 20; i++) {
				var guess = "parallel guess " + i;
				executor.submit(() -> statuses.add(logIn(email, guess, "203.0.113.55").status()));
			}
		}
		assertThat(statuses).hasSize(20).containsOnly(401, 429);
		long guessed = statuses.stream().filter(status -> status == 401).count();
		assertThat(guessed).isLessThanOrEqualTo(5);
		// the refused ones left no record: exactly the rest of the five guesses remain, one after the other
		for (long i = guessed; i < 5; i++) {
			assertThat(logIn(email, "later guess " + i, "203.0.113.55").status()).isEqualTo(401);
		}
		assertThat(logIn(email, "one too many", "203.0.113.55").status()).isEqualTo(429);
	}

	@Test
	void unknownEmailsAreThrottledAlike() {
		var email = "nobody-" + UUID.randomUUID() + "@yuelv.test";
		for (int i = 0; i < 5; i++) {
			assertThat(logIn(email, "guess " + i, "203.0.113.51").status()).isEqualTo(401);
		}
		assertThat(logIn(email, "guess 5", "203.0.113.51").status()).isEqualTo(429);
	}

	@Test
	void anAddressTryingManyEmailsWaitsForAllOfThem() {
		for (int i = 0; i < 8; i++) {
			assertThat(logIn("victim-" + i + "-" + UUID.randomUUID() + "@yuelv.test", "guess", "203.0.113.52")
					.status()).isEqualTo(401);
		}
		var email = registered();
		assertThat(logIn(email, Api.PASSWORD, "203.0.113.52").status()).isEqualTo(429);
		assertThat(logIn(email, Api.PASSWORD, "203.0.113.53").status()).isEqualTo(200);
	}

	@Test
	void aSuccessClearsTheAddressesFailuresForTheEmail() {
		var email = registered();
		for (int i = 0; i < 4; i++) {
			logIn(email, "typo " + i, "203.0.113.54");
		}
		assertThat(logIn(email, Api.PASSWORD, "203.0.113.54").status()).isEqualTo(200);
		for (int i = 0; i < 4; i++) {
			assertThat(logIn(email, "typo again " + i, "203.0.113.54").status()).isEqualTo(401);
		}
		assertThat(logIn(email, Api.PASSWORD, "203.0.113.54").status()).isEqualTo(200);
	}

	@Test
	void guessesSpreadOverManyAddressesStopNewAddressesButNotTheOwnersKnownOne() {
		var email = registered();
		assertThat(logIn(email, Api.PASSWORD, "198.51.100.70").status()).as("the owner's usual address").isEqualTo(200);
		for (int i = 0; i < 12; i++) {
			assertThat(logIn(email, "guess " + i, "192.0.2." + (100 + i)).status()).isEqualTo(401);
		}
		var refused = logIn(email, Api.PASSWORD, "192.0.2.200");
		assertThat(refused.status()).as("a new address, even with the right password").isEqualTo(429);
		assertThat(refused.string("$.type")).endsWith("/login-throttled");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(800L, 900L);
		assertThat(logIn(email, Api.PASSWORD, "198.51.100.70").status()).as("the owner, from home").isEqualTo(200);
		assertThat(logIn(registered(), Api.PASSWORD, "192.0.2.200").status()).as("other accounts").isEqualTo(200);
	}
}
