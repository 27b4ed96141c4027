package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's main scenario, from one source, against both shapes: the single JAR, and the peak-season split as
 * {@code deploy/local/split.sh} runs it (four JVMs on the machine's PostgreSQL, Redis and RabbitMQ, behind HAProxy).
 * Two travelers register and log in; one creates and publishes a trip; the other finds it through search and asks to
 * join; the organizer accepts, which holds the seat; the traveler pays their share through the sandbox provider (a
 * separate process, whose signed webhook authorises the payment), and the seat is theirs, the money captured; both
 * inboxes show what happened; a nearby lookup finds the trip. Then the traveler
 * follows the organizer and listens to their inbox live; the organizer posts a moment from the trip with a photo; the
 * traveler sees it in their feed, reads the photo, and is told live that a companion posted.
 */
class EndToEndScenarioTests {

	private static final String PASSWORD = "correct horse battery staple 42";

	@TempDir Path dataDir;

	@Test
	void theScenarioPassesOnTheSingleJar() {
		var sandbox = PaymentSandbox.get();
		try (var app = new SpringApplicationBuilder(YuelvApplication.class).run("--yuelv.data-dir=" + dataDir,
				"--server.port=0", "--yuelv.search.index-dir=" + dataDir.resolve("search"),
				"--yuelv.payment.provider-url=" + sandbox.url())) {
			var base = "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port");
			sandbox.mode("normal", 2000, base + "/api/v1/payment-provider/events");
			scenario(base);
		}
	}

	@Test
	void theScenarioPassesOnTheSplitThroughTheEdge() throws Exception {
		// search learns of the trip by its event over RabbitMQ, not by its periodic catch-up through the trip API
		// each deployment documents its own operations, and the first one the whole API, which Swagger UI shows, so that
		// the contract walk covers the whole API
		var split = new LocalSplitRun("split-run-e2e", "--yuelv.search.catch-up-interval=1h "
				+ "--springdoc.api-docs.enabled=true --springdoc.swagger-ui.enabled=true --yuelv.identity.admin-emails="
				+ WALKER).observed();
		split.script("stop");
		try {
			split.script("start");
			scenario("http://localhost:8080");
			theContractHoldsThroughTheEdge(split);
			var api = RestClient.create("http://localhost:8080");
			var unique = UUID.randomUUID().toString().substring(0, 8);
			SplitObservability.oneTraceFollowsARequestThroughTheDeploymentsAndTheBroker(api,
					account(api, "traced-organizer-" + unique, "Trace"), account(api, "traced-" + unique, "Span"));
			SplitObservability.problemsThroughTheEdgeNameTheirTrace(api);
			SplitObservability.everyDashboardPanelHasData("peak-season");
			SplitObservability.everyScrapeStaysBounded();
			// the metadata WWW-Authenticate links to is reached at the public URL, the edge's
			var metadata = RestClient.create("http://localhost:8080").get()
					.uri("/.well-known/oauth-protected-resource").retrieve().body(JsonNode.class);
			assertThat(metadata.path("resource").asString()).isEqualTo("http://localhost:8080");
		}
		finally {
			split.script("stop");
		}
	}

	private static final String WALKER = "contract-walker@e2e.yuelv.test";

	/**
	 * Every class of bad input, sent to every operation of the three deployments' documents through the edge, is a
	 * 4xx problem, logs no ERROR in any deployment and changes no table of any deployment's database.
	 */
	private static void theContractHoldsThroughTheEdge(LocalSplitRun split) throws Exception {
		var api = RestClient.create("http://localhost:8080");
		var token = account(api, WALKER.substring(0, WALKER.indexOf('@')), "Walker");
		// one document for the whole API through the edge, assembled by the first deployment from every deployment's own
		var document = api.get().uri("/v3/api-docs").retrieve().body(JsonNode.class);
		var own = new java.util.TreeSet<String>();
		for (var port : List.of(8091, 8092, 8093, 8094, 8095)) {
			RestClient.create("http://localhost:" + port).get().uri("/v3/api-docs/own").retrieve()
					.body(JsonNode.class).path("paths").properties().forEach(path -> own.add(path.getKey()));
		}
		assertThat(document.path("paths").propertyNames()).containsExactlyInAnyOrderElementsOf(own);
		var paths = document.path("paths");
		// and Swagger UI, which shows that document
		assertThat(api.get().uri("/swagger-ui/index.html").retrieve().body(String.class)).contains("swagger-ui");
		assertThat(api.get().uri("/v3/api-docs/own/swagger-config").retrieve().body(JsonNode.class).path("url")
				.asString()).isEqualTo("/v3/api-docs");
		var databases = List.of(split.jdbc());
		var started = OffsetDateTime.now();
		var before = databases.stream().map(jdbc -> TableContents.of(jdbc, started)).toList();
		var errorsBefore = errorLines(split);

		var walk = new ContractWalk("http://localhost:8080", token).walk(document);

		assertThat(paths.size()).as("operations documented by the deployments").isGreaterThan(20);
		assertThat(walk.failures()).as("answers through the edge that are not 4xx problems").isEmpty();
		assertThat(errorLines(split)).isEqualTo(errorsBefore);
		assertThat(databases.stream().map(jdbc -> TableContents.of(jdbc, started)).toList()).isEqualTo(before);
	}

	private static long errorLines(LocalSplitRun split) throws java.io.IOException {
		var count = 0L;
		for (var name : List.of("accounts", "social", "trips", "payments", "search")) {
			try (var lines = java.nio.file.Files.lines(split.directory().resolve(name + ".log"))) {
				// the deployments log JSON lines (Elastic Common Schema)
				count += lines.filter(line -> line.contains("\"log\":{\"level\":\"ERROR\"")).count();
			}
		}
		return count;
	}

	private static void scenario(String base) {
		var api = RestClient.create(base);
		var unique = UUID.randomUUID().toString().substring(0, 8);
		var organizer = account(api, "organizer-" + unique, "阿玲");
		var traveler = account(api, "traveler-" + unique, "Ken");

		var place = "大理古城" + unique;
		var start = LocalDate.now().plusMonths(2);
		var trip = api.post().uri("/api/v1/trips").header("Authorization", "Bearer " + organizer)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("title", Map.of("zh", "洱海骑行 " + unique, "en", "Erhai ride " + unique),
						"destination", place, "startDate", start.toString(), "endDate", start.plusDays(3).toString(),
						"seats", 4, "budget", Map.of("amount", 2500, "currency", "CNY"), "languages", List.of("zh"),
						"stops", List.of(Map.of("placeName", "大理", "latitude", 25.69, "longitude", 100.16, "day", 1))))
				.retrieve().body(JsonNode.class);
		var tripId = trip.path("id").asString();
		api.post().uri("/api/v1/trips/{id}/publication", tripId).header("Authorization", "Bearer " + organizer)
				.retrieve().toBodilessEntity();

		// search is fed by the trip events (over RabbitMQ in the split): it finds the trip soon after
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> api.get()
				.uri("/api/v1/search/trips?q={q}", "Erhai ride " + unique).retrieve().body(JsonNode.class)
				.path("items").valueStream().anyMatch(item -> item.path("tripId").asString().equals(tripId)));

		var request = api.post().uri("/api/v1/trips/{id}/join-requests", tripId)
				.header("Authorization", "Bearer " + traveler).contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("message", "一起去!")).retrieve().body(JsonNode.class);
		var held = api.post().uri("/api/v1/join-requests/{id}/acceptance", request.path("id").asString())
				.header("Authorization", "Bearer " + organizer).contentType(MediaType.APPLICATION_JSON).body(Map.of())
				.retrieve().body(JsonNode.class);
		assertThat(held.path("status").asString()).isEqualTo("HELD");
		pay(api, traveler, request.path("id").asString(), held.path("purchase").path("paymentId").asString());

		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
				.until(() -> kinds(api, organizer).containsAll(List.of("WELCOME", "TRIP_PUBLISHED", "JOIN_REQUESTED"))
						&& kinds(api, traveler).containsAll(List.of("WELCOME", "JOIN_ACCEPTED")));

		var nearby = api.get().uri("/api/v1/nearby-trips?latitude=25.69&longitude=100.16&radiusKm=20").retrieve()
				.body(JsonNode.class);
		assertThat(nearby.path("items").valueStream().map(item -> item.path("tripId").asString()))
				.contains(tripId);

		theSocialHalf(base, api, organizer, traveler, tripId);

		// a logout stops its login's access token within seconds wherever the token is checked (in the split, the
		// trips deployment reads the revocation from the accounts deployment)
		var login = api.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", "traveler-" + unique + "@e2e.yuelv.test", "password", PASSWORD)).retrieve()
				.body(JsonNode.class);
		var access = login.path("accessToken").asString();
		assertThat(status(api, "/api/v1/join-requests", access)).isEqualTo(200);
		assertThat(status(api, "/api/v1/inbox", access)).isEqualTo(200);
		api.post().uri("/api/v1/auth/logout").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("refreshToken", login.path("refreshToken").asString())).retrieve().toBodilessEntity();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
				.until(() -> status(api, "/api/v1/join-requests", access) == 401
						&& status(api, "/api/v1/inbox", access) == 401);
	}

	/**
	 * The traveler pays for the held seat (in the split: the payment deployment opens the payment from booking's
	 * outbox, the sandbox's webhook reaches it through the edge, and its events confirm the seat in the trips
	 * deployment over RabbitMQ).
	 */
	private static void pay(RestClient api, String traveler, String request, String payment) {
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
				.until(() -> status(api, "/api/v1/payments/" + payment, traveler) == 200);
		var key = UUID.randomUUID().toString();
		for (var attempt = 0; attempt < 2; attempt++) {
			// the same key twice: the second answer is the first one's, and the payment is made once
			var paid = api.post().uri("/api/v1/payments/{id}/confirmation", payment)
					.header("Authorization", "Bearer " + traveler).header("Idempotency-Key", key)
					.contentType(MediaType.APPLICATION_JSON).body(Map.of("paymentMethod", "pm_card_ok")).retrieve()
					.toEntity(JsonNode.class);
			assertThat(paid.getStatusCode().value()).isEqualTo(202);
			assertThat(paid.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo(attempt == 0 ? null : "true");
		}
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			var seen = api.get().uri("/api/v1/join-requests/{id}", request).header("Authorization", "Bearer "
					+ traveler).retrieve().body(JsonNode.class);
			assertThat(seen.path("status").asString()).isEqualTo("ACCEPTED");
			assertThat(seen.path("purchase").path("state").asString()).isEqualTo("CONFIRMED");
			assertThat(api.get().uri("/api/v1/payments/{id}", payment).header("Authorization", "Bearer " + traveler)
					.retrieve().body(JsonNode.class).path("status").asString()).isEqualTo("CAPTURED");
		});
	}

	/** A moment with a photo, seen in a follower's feed and told to them live. */
	private static void theSocialHalf(String base, RestClient api, String organizer, String traveler, String tripId) {
		var organizerId = api.get().uri("/api/v1/me").header("Authorization", "Bearer " + organizer).retrieve()
				.body(JsonNode.class).path("id").asString();
		api.put().uri("/api/v1/me/following/{id}", organizerId).header("Authorization", "Bearer " + traveler)
				.retrieve().toBodilessEntity();
		// the social module learns who travels together from booking's events (over RabbitMQ in the split)
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> api.get()
				.uri("/api/v1/me/companions").header("Authorization", "Bearer " + traveler).retrieve()
				.body(JsonNode.class).path("items").valueStream()
				.anyMatch(companion -> companion.path("userId").asString().equals(organizerId)));

		try (var live = new LiveInbox(base, traveler)) {
			var parts = new org.springframework.util.LinkedMultiValueMap<String, Object>();
			parts.add("file", new org.springframework.core.io.ByteArrayResource(
					com.yuelv.media.TestImages.jpegWithExif(800, 600)) {
				@Override
				public String getFilename() {
					return "erhai.jpg";
				}
			});
			var photo = api.post().uri("/api/v1/photos").header("Authorization", "Bearer " + organizer)
					.contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().body(JsonNode.class)
					.path("id").asString();
			var moment = api.post().uri("/api/v1/moments").header("Authorization", "Bearer " + organizer)
					.contentType(MediaType.APPLICATION_JSON).body(Map.of("text", "洱海的日出", "photos", List.of(photo),
							"tripId", tripId))
					.retrieve().body(JsonNode.class).path("id").asString();

			await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> api.get()
					.uri("/api/v1/feed").header("Authorization", "Bearer " + traveler).retrieve()
					.body(JsonNode.class).path("items").valueStream().anyMatch(item -> item.path("id").asString()
							.equals(moment) && item.path("photos").get(0).asString().equals(photo)));
			var file = api.get().uri("/api/v1/moments/{m}/photos/{p}/small", moment, photo)
					.header("Authorization", "Bearer " + traveler).accept(MediaType.IMAGE_JPEG).retrieve()
					.toEntity(byte[].class);
			assertThat(file.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_JPEG);
			assertThat(new String(file.getBody(), java.nio.charset.StandardCharsets.ISO_8859_1))
					.doesNotContain("GPS-HOME-SECRET");
			assertThat(live.awaitKind("COMPANION_POSTED", Duration.ofSeconds(40))).contains("posted a moment");
		}
	}

	/** A client of one's live inbox: the data of each event it receives. */
	private static final class LiveInbox implements AutoCloseable {

		private final java.util.concurrent.BlockingQueue<String> data = new java.util.concurrent.LinkedBlockingQueue<>();
		private final java.net.http.HttpResponse<java.io.InputStream> response;

		LiveInbox(String base, String token) {
			try {
				response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
						.newBuilder(java.net.URI.create(base + "/api/v1/inbox/stream"))
						.header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
						java.net.http.HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (java.io.IOException | InterruptedException e) {
				throw new IllegalStateException(e);
			}
			assertThat(response.statusCode()).isEqualTo(200);
			Thread.ofVirtual().start(() -> {
				try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
						java.nio.charset.StandardCharsets.UTF_8))) {
					for (var line = lines.readLine(); line != null; line = lines.readLine()) {
						if (line.startsWith("data:")) {
							data.add(line.substring(5).strip());
						}
					}
				}
				catch (java.io.IOException closed) {
					// closed by the test
				}
			});
		}

		/** The message of the first entry of the kind that arrives within the time. */
		String awaitKind(String kind, Duration within) {
			var deadline = System.nanoTime() + within.toNanos();
			try {
				while (System.nanoTime() < deadline) {
					var next = data.poll(1, java.util.concurrent.TimeUnit.SECONDS);
					if (next != null) {
						var entry = JsonMapper.builder().build().readTree(next);
						if (entry.path("kind").asString().equals(kind)) {
							return entry.path("message").asString();
						}
					}
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			throw new AssertionError("no live " + kind + " entry within " + within);
		}

		@Override
		public void close() {
			try {
				response.body().close();
			}
			catch (java.io.IOException alreadyClosed) {
				// nothing more to close
			}
		}
	}

	private static int status(RestClient api, String path, String token) {
		return api.get().uri(path).header("Authorization", "Bearer " + token)
				.exchange((request, response) -> response.getStatusCode().value());
	}

	private static String account(RestClient api, String name, String displayName) {
		var email = name + "@e2e.yuelv.test";
		api.post().uri("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", email, "password", PASSWORD, "displayName", displayName)).retrieve()
				.toBodilessEntity();
		return api.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", email, "password", PASSWORD)).retrieve().body(JsonNode.class)
				.path("accessToken").asString();
	}

	private static List<String> kinds(RestClient api, String token) {
		return api.get().uri("/api/v1/inbox").header("Authorization", "Bearer " + token).retrieve()
				.body(JsonNode.class).path("items").valueStream().map(item -> item.path("kind").asString()).toList();
	}
}
