package com.yuelv.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.UserId;

/**
 * Closing one's account: confirmed with the password (a wrong one changes nothing and is audited), every login ends
 * at once, the account cannot be logged in to again, and its erasure is requested from the platform.
 */
@EmbeddedModeTest
class AccountClosingIntegrationTests extends ApiTestSupport {

	@Autowired ErasedPeople erased;

	@Test
	void aWrongPasswordLeavesTheAccountOpenAndIsAudited() {
		var person = api.register("Closing Hesitant");

		var refused = api.post("/api/v1/me/closure", Map.of("password", "not the passphrase"), person.accessToken());

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.string("$.type")).endsWith("wrong-password");
		assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);
		assertThat(erased.includesAnyOf(new UserId(person.id()))).isFalse();
		assertThat(jdbc.sql("select count(*) from platform.audit_entries where action = ? and actor = ?")
			.params("account-closing-refused", "account:" + erased.pseudonymOf(new UserId(person.id())).value())
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aClosureWithoutAPasswordIsABadRequest() {
		var person = api.register("Closing Careless");

		var missing = api.post("/api/v1/me/closure", Map.of(), person.accessToken());

		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("password");
		assertThat(api.post("/api/v1/me/closure", Map.of("password", Api.PASSWORD), null).status()).isEqualTo(401);
	}

	@Test
	void everyLoginEndsAndTheAccountIsGone() {
		var person = api.register("Closing Traveler");
		var second = api.logIn(person.email());

		var closed = api.post("/api/v1/me/closure", Map.of("password", Api.PASSWORD), person.accessToken());

		assertThat(closed.status()).as(closed.body()).isEqualTo(202);
		assertThat(closed.string("$.status")).isEqualTo("erasing");
		assertThat(erased.includesAnyOf(new UserId(person.id()))).isTrue();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(401);
			assertThat(api.get("/api/v1/me", second.accessToken()).status()).isEqualTo(401);
		});
		assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", second.refreshToken()), null).status())
			.isEqualTo(401);
		assertThat(api.post("/api/v1/auth/login", Map.of("email", person.email(), "password", Api.PASSWORD), null)
			.status()).isEqualTo(401);
		assertThat(jdbc.sql("select count(*) from identity.token_revocations where account_id = ?")
			.param(person.id()).query(Long.class).single()).as("revocations name the pseudonym").isZero();
	}
}
