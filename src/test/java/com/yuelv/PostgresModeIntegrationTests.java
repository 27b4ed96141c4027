package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The same application on a real PostgreSQL server with the {@code postgres} profile: per-module schemas and Flyway
 * histories, the repositories, the event publication registry, and optimistic locking under concurrency.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles({ "test", "postgres" })
// the tests check every answer against the OpenAPI document, which the postgres profile serves only when asked
@TestPropertySource(properties = "YUELV_API_DOCS=true")
class PostgresModeIntegrationTests extends ApiTestSupport {

	@Autowired DataSource dataSource;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		var url = PostgresDatabases.recreate("yuelv_it_postgres_mode");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> PostgresDatabases.USER);
	}

	@Test
	void runsOnPostgreSql() {
		assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
	}

	@Test
	void migratesEveryModuleIntoItsOwnSchemaWithItsOwnHistory() {
		var tables = jdbc.sql("""
				select table_schema || '.' || table_name from information_schema.tables
				where table_schema in ('identity', 'trip', 'notification')""").query(String.class).list();
		assertThat(tables).contains("identity.accounts", "identity.refresh_tokens", "trip.trips", "trip.trip_stops",
				"notification.inbox_entries");

		for (var module : List.of("identity", "trip", "notification")) {
			var applied = jdbc.sql("select count(*) from flyway_schema_history_" + module + " where success")
					.query(Long.class).single();
			assertThat(applied).as(module).isPositive();
		}

		var crossSchemaForeignKeys = jdbc.sql("""
				select count(*) from pg_constraint c
				join pg_class source on source.oid = c.conrelid
				join pg_class target on target.oid = c.confrelid
				where c.contype = 'f' and source.relnamespace <> target.relnamespace""").query(Long.class).single();
		assertThat(crossSchemaForeignKeys).isZero();
	}

	@Test
	void storesReadsAndFiltersThroughTheRepositories() {
		var organizer = api.register("PG Organizer");
		var start = LocalDate.now().plusDays(60);
		var body = Map.of("title", Map.of("zh", "北海道滑雪", "ja", "北海道スキー"), "destination", "北海道 PG",
				"startDate", start.toString(), "endDate", start.plusDays(3).toString(), "stops",
				List.of(Map.of("placeName", "ニセコ", "latitude", 42.80, "longitude", 140.68, "day", 2)), "seats", 2,
				"budget", Map.of("amount", 150000, "currency", "JPY"), "languages", List.of("ja", "zh-Hans"),
				"tags", List.of("Ski"));
		var id = api.post("/api/v1/trips", body, organizer.accessToken()).string("$.id");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);

		var found = api.get("/api/v1/trips?destination=北海道 PG&language=zh&tag=ski"
				+ "&maxBudget=150000&currency=JPY", null);
		assertThat(found.<List<String>>at("$.items[*].id")).containsExactly(id);
		assertThat(found.<Map<String, String>>at("$.items[0].title")).containsEntry("ja", "北海道スキー");
		assertThat(found.string("$.items[0].budget.amount")).isEqualTo("150000");
		assertThat(api.get("/api/v1/trips?destination=北海道\u0000", null).status())
				.as("PostgreSQL cannot store or compare NUL; it is refused before the query").isEqualTo(400);
	}

	@Test
	void recordsEachListenersPublicationAndCompletesIt() {
		var person = api.register("PG Registry");

		await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/inbox", person.accessToken())
				.<Integer>at("$.totalItems") == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
				select count(*) from platform.event_publication
				where event_type like '%AccountRegistered' and listener_id like '%InboxWriter%'
				and serialized_event like ? and completion_date is not null and status = 'COMPLETED'""")
				.param("%" + person.id() + "%").query(Long.class).single() == 1);
	}

	/**
	 * The registry's two queries for failed publications and the look for half-sent events, run every 30 seconds, can
	 * use the indexes of unfinished publications instead of reading the week of completed ones (sequential scans are
	 * switched off to ask PostgreSQL whether it could; on a table this small it would rather scan).
	 */
	@Test
	void findsFailedPublicationsThroughTheIndexOfUnfinishedOnes() throws Exception {
		try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
			statement.execute("set enable_seqscan = off");
			try {
				for (var query : List.of("SELECT COUNT(ID) FROM PLATFORM.EVENT_PUBLICATION WHERE STATUS = 'FAILED'", """
						SELECT ID FROM PLATFORM.EVENT_PUBLICATION WHERE (STATUS = 'FAILED' OR (STATUS IS NULL
						AND COMPLETION_DATE IS NULL)) AND PUBLICATION_DATE < now() ORDER BY PUBLICATION_DATE ASC
						LIMIT 100""")) {
					var plan = new StringBuilder();
					try (var rows = statement.executeQuery("explain " + query)) {
						while (rows.next()) {
							plan.append(rows.getString(1)).append('\n');
						}
					}
					assertThat(plan.toString()).as(query).contains("event_publication_unfinished_idx");
				}
				// the look for half-sent events (HalfSentEvents), every retry interval on every replica
				var plan = new StringBuilder();
				try (var rows = statement.executeQuery("explain select count(*) from platform.event_publication "
						+ "where completion_date is null and listener_id not like 'com.yuelv.%' and publication_date "
						+ "< now()")) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
				assertThat(plan.toString()).contains("event_publication_unfinished_by_listener_idx");
			}
			finally {
				statement.execute("reset enable_seqscan");
			}
		}
	}

	@Test
	void concurrentRevisionsOfOneVersionLetExactlyOneWin() throws Exception {
		var organizer = api.register("PG Racer");
		var start = LocalDate.now().plusDays(30);
		var body = Map.of("title", Map.of("en", "Race"), "destination", "Anywhere", "startDate", start.toString(),
				"endDate", start.plusDays(1).toString(),
				"stops", List.of(Map.of("placeName", "A", "latitude", 1, "longitude", 1, "day", 1)), "seats", 2,
				"budget", Map.of("amount", 1, "currency", "EUR"), "languages", List.of("en"));
		var created = api.post("/api/v1/trips", body, organizer.accessToken());
		var id = created.string("$.id");
		int version = created.at("$.version");

		var statuses = race(8, i -> api.put("/api/v1/trips/" + id, Map.of("version", version, "trip",
				Map.of("title", Map.of("en", "Race " + i), "destination", "Place " + i, "startDate", start.toString(),
						"endDate", start.plusDays(1).toString(),
						"stops", List.of(Map.of("placeName", "A", "latitude", 1, "longitude", 1, "day", 1)),
						"seats", 2, "budget", Map.of("amount", 1, "currency", "EUR"), "languages", List.of("en"))),
				organizer.accessToken()).status());

		assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
		assertThat(statuses).filteredOn(status -> status == 409).hasSize(7);
		var winner = statuses.indexOf(200);
		var stored = api.get("/api/v1/trips/" + id, organizer.accessToken());
		assertThat(stored.string("$.destination")).as("the stored trip is the winner's, whole")
				.isEqualTo("Place " + winner);
		assertThat(stored.<Map<String, String>>at("$.title")).containsExactly(Map.entry("en", "Race " + winner));
		assertThat(stored.<Integer>at("$.version")).isEqualTo(version + 1);
	}

	@Test
	void concurrentRegistrationsOfOneEmailMakeOneAccount() throws Exception {
		var email = "same-" + java.util.UUID.randomUUID() + "@yuelv.test";

		var responses = race(6, i -> api.post("/api/v1/auth/register",
				Map.of("email", email, "password", Api.PASSWORD, "displayName", "Twin " + i), null));

		assertThat(responses).filteredOn(response -> response.status() == 201).hasSize(1);
		assertThat(responses).filteredOn(response -> response.status() == 409)
				.hasSize(5)
				.allSatisfy(response -> assertThat(response.string("$.type")).endsWith("/duplicate-email"));
		assertThat(jdbc.sql("select count(*) from identity.accounts where email_index = ?").param(emailIndex(email))
				.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void concurrentRefreshesWithOneTokenNeverBothSucceed() throws Exception {
		var person = api.register("PG Refresher");

		var responses = race(6, i -> api.post("/api/v1/auth/refresh",
				Map.of("refreshToken", person.refreshToken()), null));

		assertThat(responses).filteredOn(response -> response.status() == 200).hasSize(1);
		assertThat(responses).filteredOn(response -> response.status() == 401).hasSize(5);
		// the other five presented a used token: theft, so the whole login is revoked, the winner's new token too
		var winner = responses.stream().filter(response -> response.status() == 200).findFirst().orElseThrow();
		assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", winner.string("$.refreshToken")), null)
				.status()).isEqualTo(401);
	}

	@Test
	void aLogoutRacingARefreshLeavesNoLiveToken() throws Exception {
		for (int round = 0; round < 5; round++) {
			var person = api.register("PG Leaver " + round);

			var responses = race(2, i -> i == 0
					? api.post("/api/v1/auth/refresh", Map.of("refreshToken", person.refreshToken()), null)
					: api.post("/api/v1/auth/logout", Map.of("refreshToken", person.refreshToken()), null));

			assertThat(responses.get(1).status()).isEqualTo(204);
			var refreshed = responses.get(0);
			if (refreshed.status() == 200) {
				assertThat(api.post("/api/v1/auth/refresh",
						Map.of("refreshToken", refreshed.string("$.refreshToken")), null).status())
						.as("round %d: the token issued while logging out must be revoked", round).isEqualTo(401);
			}
			else {
				assertThat(refreshed.status()).isEqualTo(401);
			}
		}
	}

	@Test
	void replaysAndLogoutsOfOneLoginRacingEachOtherNeverFail() throws Exception {
		var person = api.register("PG Replayer");
		var second = api.post("/api/v1/auth/refresh", Map.of("refreshToken", person.refreshToken()), null);
		var third = api.post("/api/v1/auth/refresh", Map.of("refreshToken", second.string("$.refreshToken")), null);
		var used = List.of(person.refreshToken(), second.string("$.refreshToken"));
		var live = third.string("$.refreshToken");

		var responses = race(6, i -> switch (i % 3) {
			case 0 -> api.post("/api/v1/auth/refresh", Map.of("refreshToken", used.get(0)), null);
			case 1 -> api.post("/api/v1/auth/refresh", Map.of("refreshToken", used.get(1)), null);
			default -> api.post("/api/v1/auth/logout", Map.of("refreshToken", live), null);
		});

		assertThat(responses).extracting(Api.Response::status).containsOnly(401, 204);
		assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", live), null).status()).isEqualTo(401);
	}

	/**
	 * Two admins taking each other's role at the same moment: the second waits for the first and counts the admins
	 * after it, so one admin always remains (repeated, so that the requests really meet).
	 */
	@Test
	void twoLastAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
		for (var round = 0; round < 5; round++) {
			jdbc.sql("delete from identity.account_roles where role = 'ADMIN'").update();
			var first = admin("Admin A" + round);
			var second = admin("Admin B" + round);

			var responses = race(2, i -> {
				var actor = i == 0 ? first : second;
				var target = i == 0 ? second : first;
				return api.put("/api/v1/admin/accounts/" + target.id() + "/roles", Map.of("roles", List.of("TRAVELER")),
						actor.accessToken());
			});

			assertThat(responses).extracting(Api.Response::status).containsExactlyInAnyOrder(200, 409);
			assertThat(responses).filteredOn(response -> response.status() == 409)
					.singleElement().satisfies(refused -> assertThat(refused.string("$.type")).endsWith("/last-admin"));
			assertThat(jdbc.sql("select count(*) from identity.account_roles where role = 'ADMIN'").query(Long.class)
					.single()).isEqualTo(1);
		}
	}

	private Api.Person admin(String name) {
		var person = api.register(name);
		jdbc.sql("insert into identity.account_roles (account_id, role) values (?, 'ADMIN')").param(person.id())
				.update();
		return api.logIn(person.email());
	}

	interface Attempt<T> {
		T run(int index) throws Exception;
	}

	/** Runs the attempts at the same moment and returns their results in the order of their index. */
	private static <T> List<T> race(int contenders, Attempt<T> attempt) throws Exception {
		var start = new CountDownLatch(1);
		try (var executor = Executors.newFixedThreadPool(contenders)) {
			var futures = new ArrayList<java.util.concurrent.Future<T>>();
			for (int i = 0; i < contenders; i++) {
				var index = i;
				futures.add(executor.submit((Callable<T>) () -> {
					start.await();
					return attempt.run(index);
				}));
			}
			start.countDown();
			var results = new ArrayList<T>();
			for (var future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}
}
