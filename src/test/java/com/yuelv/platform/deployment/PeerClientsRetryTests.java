package com.yuelv.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.sun.net.httpserver.HttpServer;
import com.yuelv.platform.PlatformProperties;
import com.yuelv.shared.SafeExchange;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * A write to a peer that timed out is tried again with the idempotency key of its first attempt, so that the peer,
 * which may have done it, does it once; reads carry no key.
 */
class PeerClientsRetryTests {

	@TempDir Path data;

	interface Contract {
		@PostExchange("/things")
		String create(@RequestBody String name);

		@SafeExchange
		@PostExchange("/lookups")
		String lookUp(@RequestBody String name);

		@GetExchange("/things")
		String read();
	}

	private final List<@Nullable String> keys = new CopyOnWriteArrayList<>();
	private final AtomicInteger calls = new AtomicInteger();
	private HttpServer server;

	@BeforeEach
	void start() throws Exception {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
			var call = calls.incrementAndGet();
			try {
				if (call == 1) {
					// the first attempt takes longer than the caller waits; the peer does it all the same
					Thread.sleep(400);
				}
				var body = "\"done\"".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(call == 2 ? 503 : 200, body.length);
				exchange.getResponseBody().write(body);
			}
			catch (InterruptedException | java.io.IOException e) {
				Thread.currentThread().interrupt();
			}
			finally {
				exchange.close();
			}
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void aWriteIsTriedAgainWithTheKeyOfItsFirstAttempt() {
		var contract = clients(3).client("trip", Contract.class);
		assertThat(contract.create("x")).isEqualTo("done");
		assertThat(keys).hasSize(3).doesNotContainNull();
		assertThat(keys.stream().distinct()).hasSize(1);

		// another write is another request, with a key of its own
		var first = keys.getFirst();
		keys.clear();
		calls.set(10);
		contract.create("y");
		assertThat(keys).hasSize(1).doesNotContainNull().doesNotContain(first);
	}

	@Test
	void readsCarryNoKey() {
		var contract = clients(3).client("trip", Contract.class);
		calls.set(10);
		contract.read();
		contract.lookUp("z");
		assertThat(keys).containsExactly(null, null);
	}

	private PeerClients clients(int attempts) {
		var settings = new PeerSettings("search", List.of("search"), Map.of("trip", URI.create("http://127.0.0.1:"
				+ server.getAddress().getPort())), Duration.ofMillis(200), Duration.ofMillis(200), attempts,
				Duration.ofMinutes(5), new PeerSettings.Identity("", ""), Map.of());
		var modules = LocalModules.of(java.util.Set.of("search", "trip"), List.of("search"));
		var platform = new PlatformProperties(data, org.springframework.util.unit.DataSize.ofKilobytes(64),
				Map.of(), java.util.Set.of(), Map.of(), new PlatformProperties.Jwt("yuelv", "", "", Duration.ofSeconds(1), Duration.ofHours(1)),
				"", URI.create("http://localhost:8080"));
		var credentials = new PeerCredentials(settings, modules, platform, (action, actor, subject, details) -> {},
				Clock.systemUTC());
		return new PeerClients(settings, modules, credentials, JsonMapper.builder().build(), ObservationRegistry.NOOP,
				Clock.systemUTC());
	}
}
