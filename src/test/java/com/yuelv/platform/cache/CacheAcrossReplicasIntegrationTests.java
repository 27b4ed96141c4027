package com.yuelv.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.jayway.jsonpath.JsonPath;
import com.yuelv.PostgresDatabases;
import com.yuelv.YuelvApplication;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Two replicas of the application on one PostgreSQL database and the machine's Redis, as in production: one fills the
 * shared level for the other, and a change made through one is visible through the other within the documented
 * bound, though the other had the trip in memory and kept its answer to anonymous reads.
 */
class CacheAcrossReplicasIntegrationTests {

	/** The bound the README documents: the repeated eviction, plus delivery. */
	static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aChangeThroughOneReplicaIsVisibleThroughTheOtherWithinTheBound() throws Exception {
		var url = PostgresDatabases.recreate("yuelv_it_cache_replicas");
		var prefix = "yuelv-it-" + UUID.randomUUID() + ":";
		try (var a = start(url, prefix); var b = start(url, prefix)) {
			var token = register(a);
			var trip = JsonPath.read(call(a, "POST", "/api/v1/trips", token, """
					{"title": {"zh": "丽江古城慢游"}, "destination": "丽江", "startDate": "%s", "endDate": "%s",
					 "stops": [{"placeName": "四方街", "latitude": 26.872, "longitude": 100.233, "day": 1}],
					 "seats": 3, "budget": {"amount": 3000, "currency": "CNY"}, "languages": ["zh"]}"""
					.formatted(java.time.LocalDate.now().plusDays(30), java.time.LocalDate.now().plusDays(33))),
					"$.id").toString();
			call(a, "POST", "/api/v1/trips/" + trip + "/publication", token, "{}");

			// the organizer's reads go to the controller (a token is checked), which reads the trip's cache
			assertThat(status(b, trip, token)).isEqualTo("PUBLISHED");
			assertThat(status(a, trip, token)).as("A finds what B loaded in the shared level").isEqualTo("PUBLISHED");
			assertThat(gets(a, "trip-details", "shared", "hit")).isPositive();
			assertThat(status(b, trip, token)).isEqualTo("PUBLISHED");
			assertThat(gets(b, "trip-details", "local", "hit")).as("B serves the trip from memory").isPositive();
			// anonymous reads: B gives its answer again, until it hears of the change
			assertThat(status(b, trip, null)).isEqualTo("PUBLISHED");
			assertThat(status(b, trip, null)).isEqualTo("PUBLISHED");
			assertThat(gets(b, "answers", "local", "hit")).as("B keeps its answer").isPositive();

			call(a, "POST", "/api/v1/trips/" + trip + "/cancellation", token, "{\"reason\": \"封路\"}");
			var changed = System.nanoTime();
			String seen;
			do {
				seen = status(b, trip, null);
			}
			while (!seen.equals("CANCELLED") && System.nanoTime() - changed < 5 * VISIBLE_WITHIN.toNanos());
			var elapsed = Duration.ofNanos(System.nanoTime() - changed);

			LoggerFactory.getLogger(getClass()).info("The change was visible on the other replica after {} ms",
					elapsed.toMillis());
			assertThat(seen).isEqualTo("CANCELLED");
			assertThat(elapsed).isLessThanOrEqualTo(VISIBLE_WITHIN);
		}
	}

	private static ConfigurableApplicationContext start(String url, String prefix) {
		return new SpringApplicationBuilder(YuelvApplication.class)
				.profiles("test", "postgres", "redis")
				.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresDatabases.USER,
						"--server.port=0", "--yuelv.cache.key-prefix=" + prefix,
						"--yuelv.cache.channel=" + prefix + "invalidations",
						// the repeated evictions would empty the levels this test inspects; they have tests of their own
						"--yuelv.cache.repeat-evictions-after=10m");
	}

	private String register(ConfigurableApplicationContext app) throws Exception {
		var email = "replica-" + UUID.randomUUID() + "@yuelv.test";
		call(app, "POST", "/api/v1/auth/register", null, """
				{"email": "%s", "password": "a long enough passphrase", "displayName": "副本"}""".formatted(email));
		return JsonPath.read(call(app, "POST", "/api/v1/auth/login", null, """
				{"email": "%s", "password": "a long enough passphrase"}""".formatted(email)), "$.accessToken");
	}

	private String status(ConfigurableApplicationContext app, String trip, String token) throws Exception {
		return JsonPath.read(call(app, "GET", "/api/v1/trips/" + trip, token, null), "$.status");
	}

	private static double gets(ConfigurableApplicationContext app, String cache, String level, String result) {
		return app.getBean(MeterRegistry.class).get("yuelv.cache.gets")
				.tags("cache", cache, "level", level, "result", result).functionCounter().count();
	}

	private String call(ConfigurableApplicationContext app, String method, String path, String token, String body)
			throws Exception {
		var port = ((WebServerApplicationContext) app).getWebServer().getPort();
		var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(body))
				.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
		return response.body();
	}
}
