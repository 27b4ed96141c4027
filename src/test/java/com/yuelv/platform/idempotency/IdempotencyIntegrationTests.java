package com.yuelv.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.unit.DataSize;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.PostgresDatabases;
import com.yuelv.trip.TripBodies;

import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotent writes on PostgreSQL: concurrent retries of one request with one key do it once and end with one answer;
 * a key reused for another request, a malformed key and a key of an anonymous request are answered as the IETF draft
 * and the API's documentation say; keys expire and abandoned ones are taken over.
 */
@SpringBootTest(properties = "spring.datasource.hikari.maximum-pool-size=24")
@AutoConfigureMockMvc
@ActiveProfiles({ "test", "postgres" })
@TestPropertySource(properties = "YUELV_API_DOCS=true")
class IdempotencyIntegrationTests extends ApiTestSupport {

	@Autowired JsonMapper json;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		var url = PostgresDatabases.recreate("yuelv_it_idempotency");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> PostgresDatabases.USER);
	}

	@Test
	void twentyConcurrentRequestsWithOneKeyCreateOneTripAndEndWithTheSameAnswer() throws Exception {
		var organizer = api.register("Idempotent Organizer");
		var key = UUID.randomUUID().toString();
		var body = api.write(TripBodies.valid());
		var start = new CountDownLatch(1);
		var answers = new ArrayList<java.util.concurrent.Future<Api.Response>>();
		var inUse = new java.util.concurrent.atomic.AtomicInteger();
		try (var pool = Executors.newFixedThreadPool(20)) {
			for (var i = 0; i < 20; i++) {
				answers.add(pool.submit((Callable<Api.Response>) () -> {
					start.await();
					// a client retries a 409 idempotency-key-in-use after its Retry-After, as the draft intends
					for (;;) {
						var answer = createTrip(organizer, key, body);
						if (answer.status() != 409) {
							return answer;
						}
						assertThat(answer.string("$.type")).endsWith("/idempotency-key-in-use");
						assertThat(answer.header("Retry-After")).isEqualTo("1");
						inUse.incrementAndGet();
						Thread.sleep(20);
					}
				}));
			}
			start.countDown();
			var ids = new java.util.HashSet<String>();
			var bodies = new java.util.HashSet<String>();
			var replayed = 0;
			for (var answer : answers) {
				var response = answer.get();
				assertThat(response.status()).isEqualTo(201);
				ids.add(response.string("$.id"));
				bodies.add(response.body());
				if ("true".equals(response.header("Idempotent-Replayed"))) {
					replayed++;
					assertThat(response.header("Location")).isEqualTo("/api/v1/trips/" + response.string("$.id"));
				}
			}
			assertThat(ids).hasSize(1);
			assertThat(bodies).hasSize(1);
			assertThat(replayed).isEqualTo(19);
		}
		assertThat(jdbc.sql("select count(*) from trip.trips where organizer_id = ?").param(organizer.id())
				.query(Long.class).single()).isOne();
	}

	@Test
	void theSameKeyForAnotherRequestIsRefusedAndChangesNothing() {
		var organizer = api.register("Reusing Organizer");
		var key = "\"" + UUID.randomUUID() + "\"";
		var first = createTrip(organizer, key, api.write(TripBodies.valid()));
		assertThat(first.status()).isEqualTo(201);

		var other = createTrip(organizer, key, api.write(TripBodies.with("seats", 5)));
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.string("$.type")).endsWith("/idempotency-key-reused");
		assertThat(other.string("$.errors[0].field")).isEqualTo("Idempotency-Key");
		assertThat(jdbc.sql("select count(*) from trip.trips where organizer_id = ?").param(organizer.id())
				.query(Long.class).single()).isOne();

		// the key is the caller's own: another account's identical request with it is a request of its own
		var another = api.register("Another Organizer");
		assertThat(createTrip(another, key, api.write(TripBodies.with("seats", 5))).status()).isEqualTo(201);
	}

	@Test
	void aRefusalIsAnOutcomeToo() {
		var organizer = api.register("Refused Organizer");
		var key = UUID.randomUUID().toString();
		var refused = createTrip(organizer, key, api.write(TripBodies.with("seats", 0)));
		assertThat(refused.status()).isEqualTo(400);
		var again = createTrip(organizer, key, api.write(TripBodies.with("seats", 0)));
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.body()).isEqualTo(refused.body());
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
	}

	@Test
	void aMalformedKeyIsAProblemNamingTheHeader() {
		var organizer = api.register("Malformed Key");
		for (var bad : new String[] { "", "\"\"", "two words", "\"unterminated", "é", "x".repeat(256),
				"\"bad \\n escape\"" }) {
			var answer = createTrip(organizer, bad, api.write(TripBodies.valid()));
			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(answer.string("$.type")).endsWith("/malformed-idempotency-key");
			assertThat(answer.string("$.errors[0].field")).isEqualTo("Idempotency-Key");
		}
		assertThat(jdbc.sql("select count(*) from trip.trips where organizer_id = ?").param(organizer.id())
				.query(Long.class).single()).isZero();
	}

	@Test
	void anAnonymousRequestsKeyIsNotUsed() {
		var key = UUID.randomUUID().toString();
		for (var name : new String[] { "First Anonymous", "Second Anonymous" }) {
			var answer = api.perform(Api.request(HttpMethod.POST, "/api/v1/auth/register", null)
					.header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
					.content(api.write(Map.of("email", UUID.randomUUID() + "@example.com", "password",
							"correct horse battery", "displayName", name))));
			assertThat(answer.status()).isEqualTo(201);
			assertThat(answer.header("Idempotent-Replayed")).isNull();
		}
		assertThat(jdbc.sql("select count(*) from platform.idempotency_keys where idempotency_key = ?").param(key)
				.query(Long.class).single()).isZero();
	}

	@Test
	void aStoredAnswerIsSealedAndReplayedAsItWas() throws Exception {
		var person = api.register("Sealed Replay");
		var request = Api.request(HttpMethod.PUT, "/api/v1/me/profile", person.accessToken())
			.header("Idempotency-Key", "profile-" + UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
			.content(api.write(Map.of("displayName", "封存 Sealed", "homeCity", "厦门 Xiamen", "languages", List.of(),
					"interests", List.of())));
		var first = mvc.perform(request).andReturn().getResponse();
		var replay = mvc.perform(request).andReturn().getResponse();

		assertThat(first.getStatus()).isEqualTo(200);
		assertThat(replay.getContentAsString(StandardCharsets.UTF_8))
			.isEqualTo(first.getContentAsString(StandardCharsets.UTF_8)).contains("厦门 Xiamen");
		var stored = new String(jdbc.sql("select body from platform.idempotency_keys where caller like ?")
			.param("%" + person.id() + "%").query(byte[].class).single(), StandardCharsets.UTF_8);
		assertThat(stored).startsWith("enc:").doesNotContain("Xiamen").doesNotContain(person.email());
	}

	@Test
	void keysExpireAndAbandonedOnesAreTakenOver() {
		var start = Instant.parse("2026-12-01T10:00:00Z");
		var settings = new IdempotencySettings(Duration.ofHours(24), Duration.ofMinutes(1), DataSize.ofKilobytes(256));
		var caller = "expiry-" + UUID.randomUUID();
		var at = (java.util.function.Function<Instant, IdempotencyKeys>) instant -> new IdempotencyKeys(jdbc, json,
				settings, Clock.fixed(instant, ZoneOffset.UTC), cipher);

		var first = (IdempotencyKeys.Claim.Granted) at.apply(start).claim(caller, "k", "f1", "POST /x");
		assertThat(at.apply(start.plusSeconds(30)).claim(caller, "k", "f1", "POST /x"))
				.isInstanceOf(IdempotencyKeys.Claim.InProgress.class);
		// the process running it died: after a minute a retry runs it again, once
		var second = (IdempotencyKeys.Claim.Granted) at.apply(start.plusSeconds(61)).claim(caller, "k", "f1",
				"POST /x");
		assertThat(at.apply(start.plusSeconds(62)).claim(caller, "k", "f1", "POST /x"))
				.isInstanceOf(IdempotencyKeys.Claim.InProgress.class);
		// the first request was alive after all, and fails now: the claim it lost is not its to release or settle
		at.apply(start.plusSeconds(62)).release(caller, "k", first.token());
		at.apply(start.plusSeconds(62)).complete(caller, "k", first.token(), new IdempotencyKeys.Outcome(500,
				Map.of(), new byte[0]));
		assertThat(at.apply(start.plusSeconds(62)).claim(caller, "k", "f1", "POST /x"))
				.isInstanceOf(IdempotencyKeys.Claim.InProgress.class);
		at.apply(start.plusSeconds(63)).complete(caller, "k", second.token(), new IdempotencyKeys.Outcome(201,
				Map.of("Content-Type", java.util.List.of("application/json")), "{}".getBytes()));
		assertThat(at.apply(start.plus(Duration.ofHours(23))).claim(caller, "k", "f2", "POST /x"))
				.isInstanceOf(IdempotencyKeys.Claim.Mismatch.class);
		assertThat(at.apply(start.plus(Duration.ofHours(23))).claim(caller, "k", "f1", "POST /x"))
				.isInstanceOfSatisfying(IdempotencyKeys.Claim.Replay.class,
						replay -> assertThat(replay.outcome().status()).isEqualTo(201));
		// a day after its first use the key is new again, whatever request it comes with
		assertThat(at.apply(start.plus(Duration.ofHours(24))).claim(caller, "k", "f2", "POST /x"))
				.isInstanceOf(IdempotencyKeys.Claim.Granted.class);
		assertThat(at.apply(start.plus(Duration.ofHours(49))).purge()).isPositive();
		assertThat(jdbc.sql("select count(*) from platform.idempotency_keys where caller = ?").param(caller)
				.query(Long.class).single()).isZero();
	}

	private Api.Response createTrip(Api.Person organizer, String key, String body) {
		return api.perform(Api.request(HttpMethod.POST, "/api/v1/trips", organizer.accessToken())
				.header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content(body));
	}
}
