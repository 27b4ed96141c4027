package com.yuelv.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.yuelv.Api.Person;
import com.yuelv.ApiTestSupport;
import com.yuelv.ThrowawayRedis;
import com.yuelv.shared.Dependencies;

/**
 * Timelines on a Redis server of the test's own, which it stops and starts again empty: while Redis is down, moments
 * are still posted and feeds are read from the moments, marked degraded; once it is back, empty, the timelines are
 * rebuilt from the moments.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class FeedOnRedisIntegrationTests extends ApiTestSupport {

	static ThrowawayRedis redis;

	@Autowired StringRedisTemplate template;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) throws Exception {
		redis = ThrowawayRedis.start();
		registry.add("spring.data.redis.url", redis::url);
		registry.add("spring.data.redis.timeout", () -> "500ms");
		registry.add("yuelv.feed.redis-enabled", () -> "true");
		// the breaker closes again soon after Redis is back
		registry.add("yuelv.resilience.dependencies.timelines.open-for", () -> "1s");
		registry.add("yuelv.resilience.dependencies.timelines.minimum-calls", () -> "2");
	}

	@AfterAll
	static void stopRedis() throws Exception {
		redis.close();
	}

	private String posted(Person author, String text) {
		var response = api.post("/api/v1/moments", Map.of("text", text), author.accessToken());
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.string("$.id");
	}

	private com.yuelv.Api.Response feed(Person reader) {
		var page = api.get("/api/v1/feed?size=10", reader.accessToken());
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		return page;
	}

	@Test
	void servesFeedsWithoutRedisAndRebuildsThemWhenItComesBackEmpty() throws Exception {
		var reader = api.register("Reader");
		var ann = api.register("Ann");
		api.put("/api/v1/me/following/" + ann.id(), Map.of(), reader.accessToken());
		// the first call also connects to Redis, and may take longer than the guard waits
		await().atMost(Duration.ofSeconds(20)).until(() -> !feed(reader).<Boolean>at("$.degraded"));
		assertThat(feed(reader).<List<Object>>at("$.items")).isEmpty();
		var first = posted(ann, "在 Redis 里");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				template.opsForZSet().reverseRange("yuelv:feed:{" + reader.id() + "}", 0, 0))
				.containsExactly(first + ":" + ann.id()));
		assertThat(feed(reader).<List<String>>at("$.items[*].id")).containsExactly(first);

		redis.stop();
		var second = posted(ann, "Redis 停了也能发");
		var degraded = feed(reader);
		assertThat(degraded.<Boolean>at("$.degraded")).isTrue();
		assertThat(degraded.header(Dependencies.DEGRADED_HEADER)).contains("timelines");
		assertThat(degraded.<List<String>>at("$.items[*].id")).containsExactly(second, first);

		redis.restart();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(feed(reader).<Boolean>at("$.degraded"))
				.isFalse());
		assertThat(feed(reader).<List<String>>at("$.items[*].id")).containsExactly(second, first);
		assertThat(template.opsForZSet().size("yuelv:feed:{" + reader.id() + "}")).as("rebuilt, with its sentinel")
				.isEqualTo(3);
		var third = posted(ann, "又回来了");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(feed(reader)
				.<List<String>>at("$.items[*].id")).containsExactly(third, second, first));
	}
}
