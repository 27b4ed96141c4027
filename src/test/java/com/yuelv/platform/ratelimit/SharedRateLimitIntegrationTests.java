package com.yuelv.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.yuelv.YuelvApplication;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Buckets in the machine's Redis: two replicas together admit no more than the limit; with Redis unreachable, a
 * replica limits on its own and requests keep flowing.
 */
class SharedRateLimitIntegrationTests {

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void twoReplicasTogetherAdmitNoMoreThanTheLimit() throws Exception {
		var prefix = "yuelv-it-" + UUID.randomUUID() + ":";
		try (var a = start("redis://localhost:6379", prefix, 10); var b = start("redis://localhost:6379", prefix, 10)) {
			// 40 requests at once, half to each replica, all of one client: one bucket whose compare-and-swaps race
			var sent = new ArrayList<Future<Integer>>();
			try (var clients = Executors.newFixedThreadPool(8)) {
				for (int i = 0; i < 40; i++) {
					var replica = i % 2 == 0 ? a : b;
					sent.add(clients.submit(() -> browse(replica)));
				}
			}
			var statuses = new ArrayList<Integer>();
			for (var status : sent) {
				statuses.add(status.get());
			}
			assertThat(statuses).filteredOn(status -> status == 200).hasSize(10);
			assertThat(statuses).filteredOn(status -> status == 429).hasSize(30);
			assertThat(fallback(a)).isZero();
		}
	}

	@Test
	void withRedisUnreachableAReplicaLimitsOnItsOwn() throws Exception {
		try (var alone = start("redis://127.0.0.1:1", "yuelv-it-" + UUID.randomUUID() + ":", 3)) {
			var started = System.nanoTime();
			var statuses = new ArrayList<Integer>();
			for (int i = 0; i < 5; i++) {
				statuses.add(browse(alone));
			}
			assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no request waits for Redis for long")
					.isLessThan(Duration.ofSeconds(5));
			assertThat(fallback(alone)).isEqualTo(1);
		}
	}

	private static double fallback(ConfigurableApplicationContext app) {
		return app.getBean(MeterRegistry.class).get("yuelv.ratelimit.redis.fallback").gauge().value();
	}

	private int browse(ConfigurableApplicationContext app) throws Exception {
		var port = ((WebServerApplicationContext) app).getWebServer().getPort();
		// a read of normal priority that waits for nothing: place suggestions wait for the catalog while it loads, and
		// are sheddable, so that on a busy machine their queueing could shed some of them before the limit decides
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/trips")).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static ConfigurableApplicationContext start(String redisUrl, String prefix, int capacity) {
		return new SpringApplicationBuilder(YuelvApplication.class).profiles("test")
				.run(List.of("--server.port=0", "--spring.data.redis.url=" + redisUrl,
						"--yuelv.rate-limits.redis-enabled=true", "--yuelv.rate-limits.redis-key-prefix=" + prefix,
						"--yuelv.rate-limits.classes.browse.anonymous.capacity=" + capacity,
						"--yuelv.rate-limits.classes.browse.anonymous.period=1h").toArray(String[]::new));
	}
}
