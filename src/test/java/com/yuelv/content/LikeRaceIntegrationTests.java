package com.yuelv.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.yuelv.Api.Person;
import com.yuelv.ApiTestSupport;
import com.yuelv.PostgresDatabases;

/**
 * Likes and follows on PostgreSQL, each click in its own transaction on its own connection: concurrent likes of one
 * moment by many people count each once, one person's concurrent clicks count once, and the same holds for follows.
 */
@SpringBootTest(properties = "spring.datasource.hikari.maximum-pool-size=24")
@AutoConfigureMockMvc
@ActiveProfiles({ "test", "postgres" })
// the tests check every answer against the OpenAPI document, which the postgres profile serves only when asked
@TestPropertySource(properties = "YUELV_API_DOCS=true")
// its pool of 24 is closed with it rather than kept for a reuse that never comes
@DirtiesContext
class LikeRaceIntegrationTests extends ApiTestSupport {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		var url = PostgresDatabases.recreate("yuelv_it_like_race");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> PostgresDatabases.USER);
	}

	@Test
	void concurrentLikesAndFollowsCountEachPersonOnce() throws Exception {
		var author = api.register("Author");
		var moment = api.post("/api/v1/moments", Map.of("text", "抢沙发"), author.accessToken()).string("$.id");
		var people = new ArrayList<Person>();
		for (int i = 0; i < 40; i++) {
			people.add(api.register("Clicker " + i));
		}
		var eager = people.getFirst();
		var calls = new ArrayList<Callable<Integer>>();
		for (var person : people) {
			calls.add(() -> api.put("/api/v1/moments/" + moment + "/like", Map.of(), person.accessToken()).status());
			calls.add(() -> api.put("/api/v1/me/following/" + author.id(), Map.of(), person.accessToken()).status());
		}
		for (int i = 0; i < 20; i++) {
			calls.add(() -> api.put("/api/v1/moments/" + moment + "/like", Map.of(), eager.accessToken()).status());
			calls.add(() -> api.put("/api/v1/me/following/" + author.id(), Map.of(), eager.accessToken()).status());
		}

		try (var threads = Executors.newFixedThreadPool(16)) {
			for (var done : threads.invokeAll(calls)) {
				assertThat(done.get()).isEqualTo(204);
			}
		}

		assertThat(api.get("/api/v1/moments/" + moment, author.accessToken()).<Integer>at("$.likes")).isEqualTo(40);
		assertThat(jdbc.sql("select count(*) from content.likes where moment_id = ?::uuid").param(moment)
				.query(Long.class).single()).isEqualTo(40);
		assertThat(api.get("/api/v1/profiles/" + author.id() + "/social", author.accessToken())
				.<Integer>at("$.followers")).isEqualTo(40);
	}
}
