package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import com.yuelv.trip.TripApi;

/**
 * The embedded mode as {@code ./mvnw spring-boot:run} starts it: an H2 file database and a signing key under the data
 * directory, both surviving a restart, readiness UP without Redis or RabbitMQ, and the demo data set loaded once by
 * the {@code demo} profile.
 */
class EmbeddedModeRestartIntegrationTests {

	@TempDir Path dataDir;

	@Test
	void keepsDataAndTokensAcrossARestartAndLoadsTheDemoDataOnce() throws IOException {
		String token;
		try (var app = start()) {
			var client = client(app);
			// ready once the search index is rebuilt from the demo trips (ReadModelsHealth)
			await().atMost(Duration.ofSeconds(30)).until(() -> client.get().uri("/actuator/health/readiness")
					.exchange((request, response) -> response.getStatusCode().value() == 200));
			assertThat(Files.exists(dataDir.resolve("keys/jwt-signing-key.pem"))).isTrue();
			// each request is stamped with its arrival, so that the shedding filter knows how long it queued
			var connector = ((TomcatWebServer) ((WebServerApplicationContext) app).getWebServer()).getTomcat()
					.getConnector();
			assertThat(connector.getProtocolHandler().getExecutor().toString())
					.startsWith("arrival-stamping " + VirtualThreadExecutor.class.getName());
			token = client.post().uri("/api/v1/auth/login").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
					.body("{\"email\":\"mei@demo.yuelv.app\",\"password\":\"yuelv-demo-2026\"}").retrieve()
					.body(String.class);
			assertThat(token).contains("accessToken");
			var jdbc = app.getBean(JdbcClient.class);
			assertThat(count(jdbc, "identity.accounts")).isEqualTo(4);
			assertThat(count(jdbc, "trip.trips")).isEqualTo(5);
			await().atMost(Duration.ofSeconds(10)).until(() -> count(jdbc, "notification.inbox_entries") == 8);
		}

		try (var app = start()) {
			var jdbc = app.getBean(JdbcClient.class);
			assertThat(count(jdbc, "identity.accounts")).as("loaded once").isEqualTo(4);
			assertThat(count(jdbc, "trip.trips")).isEqualTo(5);
			var accessToken = token.replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
			var me = client(app).get().uri("/api/v1/me").header("Authorization", "Bearer " + accessToken).retrieve()
					.body(String.class);
			assertThat(me).as("a token from before the restart still verifies").contains("小美");
			var trips = client(app).get().uri("/api/v1/trips?language=ja").retrieve().body(String.class);
			assertThat(trips).contains("京都紅葉の旅", "ニセコでパウダースキー");

			// refused by Tomcat itself, before any application code runs
			for (var target : List.of("/api/v1/trips/%zz", "/api/v1/trips?destination=\u4eac\u90fd",
					// refused by the security firewall, answered by its rejection handler
					"/api/v1//trips", "/api/v1/trips;jsessionid=1", "/api/v1/trips/a%0Ab")) {
				var raw = rawGet(app, target);
				assertThat(raw).as(target).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
						.contains("\"type\":\"https://yuelv.app/problems/malformed-request\"")
						.doesNotContain("\"instance\":\"/error\"");
			}

			// a chunked body declares no length: the limit is enforced while it is read
			var chunked = rawChunkedPost(app, "/api/v1/auth/register",
					"{\"email\":\"big@yuelv.test\",\"password\":\"" + "x".repeat(70_000) + "\",\"displayName\":\"Big\"}");
			assertThat(chunked).startsWith("HTTP/1.1 413").contains("application/problem+json")
					.contains("payload-too-large");
			assertThat(count(jdbc(app), "identity.accounts")).isEqualTo(4);
		}
	}

	@Test
	void aDemoLoadThatFailsHalfWayLeavesNothing() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(YuelvApplication.class, FailingPublication.class)
				.profiles("demo")
				.run("--yuelv.data-dir=" + dataDir, "--server.port=0", "--yuelv.events.retry-interval=1h"))
				.hasStackTraceContaining("publication refused");

		try (var app = new SpringApplicationBuilder(YuelvApplication.class)
				.run("--yuelv.data-dir=" + dataDir, "--server.port=0", "--yuelv.events.retry-interval=1h")) {
			assertThat(count(jdbc(app), "identity.accounts")).isZero();
			assertThat(count(jdbc(app), "trip.trips")).isZero();
			assertThat(count(jdbc(app), "platform.event_publication")).isZero();
		}
	}

	/** Lets drafts through and refuses the first publication, half-way through the demo data. */
	static class FailingPublication extends Intercepting<TripApi> {

		FailingPublication() {
			super(TripApi.class);
		}

		@Override
		protected Object intercept(Method method, Call call) throws Throwable {
			if (method.getName().equals("publish")) {
				throw new IllegalStateException("publication refused");
			}
			return call.proceed();
		}
	}

	private static JdbcClient jdbc(ConfigurableApplicationContext app) {
		return app.getBean(JdbcClient.class);
	}

	private static String rawChunkedPost(ConfigurableApplicationContext app, String target, String body)
			throws IOException {
		var port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		try (var socket = new Socket("localhost", port)) {
			var out = socket.getOutputStream();
			out.write(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			var bytes = body.getBytes(StandardCharsets.UTF_8);
			for (int offset = 0; offset < bytes.length; offset += 8192) {
				var length = Math.min(8192, bytes.length - offset);
				out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(bytes, offset, length);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** Sends bytes exactly as given, which no well-behaved HTTP client would do. */
	private static String rawGet(ConfigurableApplicationContext app, String target) throws IOException {
		var port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		try (var socket = new Socket("localhost", port)) {
			socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(YuelvApplication.class)
				.profiles("demo")
				.run("--yuelv.data-dir=" + dataDir, "--server.port=0", "--yuelv.events.retry-interval=1h");
	}

	private static RestClient client(ConfigurableApplicationContext app) {
		var port = app.getEnvironment().getProperty("local.server.port");
		return RestClient.builder().baseUrl("http://localhost:" + port).build();
	}

	private static long count(JdbcClient jdbc, String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}
}
