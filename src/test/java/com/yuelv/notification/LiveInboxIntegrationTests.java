package com.yuelv.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;
import com.yuelv.Api.Person;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * The inbox's live stream over a real connection: a new entry arrives while the client listens, and a client that
 * reconnects with Last-Event-ID gets what it missed, once, in order.
 */
@EmbeddedModeTest
class LiveInboxIntegrationTests extends ApiTestSupport {

	@LocalServerPort int port;

	private final HttpClient http = HttpClient.newHttpClient();

	/** One server-sent event. */
	record Event(String id, String name, String data) {}

	/** An open stream whose events land in a queue. */
	final class Stream implements AutoCloseable {

		final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
		final HttpResponse<java.io.InputStream> response;
		final Thread reader;

		Stream(Person person, String lastEventId) throws Exception {
			var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inbox/stream"))
					.header("Authorization", "Bearer " + person.accessToken()).header("Accept", "text/event-stream");
			if (lastEventId != null) {
				request.header("Last-Event-ID", lastEventId);
			}
			response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			reader = Thread.ofVirtual().start(this::read);
		}

		private void read() {
			try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				String id = null;
				String name = null;
				var data = new StringBuilder();
				for (var line = lines.readLine(); line != null; line = lines.readLine()) {
					if (line.isEmpty()) {
						if (name != null) {
							events.add(new Event(id, name, data.toString()));
						}
						id = null;
						name = null;
						data.setLength(0);
					}
					else if (line.startsWith("id:")) {
						id = line.substring(3).strip();
					}
					else if (line.startsWith("event:")) {
						name = line.substring(6).strip();
					}
					else if (line.startsWith("data:")) {
						data.append(line.substring(5).strip());
					}
				}
			}
			catch (java.io.IOException closed) {
				// the test closed the stream
			}
		}

		Event next() throws InterruptedException {
			var event = events.poll(10, TimeUnit.SECONDS);
			assertThat(event).as("an event within 10 s").isNotNull();
			return event;
		}

		@Override
		public void close() throws Exception {
			response.body().close();
			reader.interrupt();
		}
	}

	private void follow(Person follower, Person followee) {
		assertThat(api.put("/api/v1/me/following/" + followee.id(), Map.of(), follower.accessToken()).status())
				.isEqualTo(204);
	}

	@Test
	void aNewEntryArrivesLiveAndAReconnectGetsWhatWasMissed() throws Exception {
		var ann = api.register("Ann");
		var fans = new ArrayList<Person>();
		for (var i = 0; i < 3; i++) {
			fans.add(api.register("Fan " + i));
		}
		String lastSeen;
		try (var stream = new Stream(ann, null)) {
			assertThat(stream.response.statusCode()).isEqualTo(200);
			assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
					assertThat(type).startsWith("text/event-stream"));
			follow(fans.get(0), ann);
			var event = stream.next();
			assertThat(event.name()).isEqualTo("entry");
			assertThat((String) JsonPath.read(event.data(), "$.kind")).isEqualTo("FOLLOWED");
			assertThat((String) JsonPath.read(event.data(), "$.message")).isEqualTo("Fan 0 followed you.");
			lastSeen = event.id();
		}

		follow(fans.get(1), ann);
		follow(fans.get(2), ann);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/inbox?size=50",
				ann.accessToken()).<List<String>>at("$.items[?(@.kind == 'FOLLOWED')].id").size() == 3);

		try (var stream = new Stream(ann, lastSeen)) {
			var first = stream.next();
			var second = stream.next();
			assertThat(List.of((String) JsonPath.read(first.data(), "$.message"),
					(String) JsonPath.read(second.data(), "$.message")))
					.containsExactly("Fan 1 followed you.", "Fan 2 followed you.");
			assertThat(Long.parseLong(second.id())).isEqualTo(Long.parseLong(first.id()) + 1)
					.isGreaterThan(Long.parseLong(lastSeen));
			assertThat(stream.events.poll(1, TimeUnit.SECONDS)).as("each once").isNull();
		}
	}

	@Test
	void refusesALastEventIdItNeverSent() throws Exception {
		var ann = api.register("Ann");
		var refused = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inbox/stream"))
				.header("Authorization", "Bearer " + ann.accessToken()).header("Accept", "text/event-stream")
				.header("Last-Event-ID", "not-a-place").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("Last-Event-ID");
		var anonymous = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
				+ "/api/v1/inbox/stream")).header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}
}
