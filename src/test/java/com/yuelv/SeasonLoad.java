package com.yuelv;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Travelers using the platform through the edge while the season changes: each registers, logs in, and then, over and
 * over, drafts a trip, revises the draft and publishes it, asks to join another traveler's trip, accepts what waits on
 * its own trips, reads its inbox and searches. A 503 is tried again after its {@code Retry-After}; any other
 * failure is recorded. Every write the platform acknowledged is recorded with what it acknowledged, for the checks
 * afterwards. Each request goes on a connection of its own, so that an edge closing idle connections while it
 * reloads cannot leave a client wondering whether a write arrived.
 */
final class SeasonLoad {

	static final String PASSWORD = "correct horse battery staple 42";

	record Traveler(UUID id, String email, String token) {}

	/** A trip as last acknowledged: its title and version, and whether it was published. */
	record AcknowledgedTrip(UUID id, UUID organizer, String token, String title, long version, boolean published) {}

	/** A join request as last acknowledged. */
	record AcknowledgedRequest(UUID id, UUID trip, UUID traveler, String status) {}

	private final String edge;
	private final JsonMapper json = JsonMapper.builder().build();
	private final AtomicBoolean running = new AtomicBoolean(true);
	private final List<Thread> threads = new ArrayList<>();

	final Map<String, Traveler> travelers = new ConcurrentHashMap<>();
	final Map<UUID, AcknowledgedTrip> trips = new ConcurrentHashMap<>();
	final Map<UUID, AcknowledgedRequest> requests = new ConcurrentHashMap<>();
	final List<String> failures = new CopyOnWriteArrayList<>();
	final AtomicLong unavailable = new AtomicLong();
	final AtomicLong requestsSent = new AtomicLong();

	SeasonLoad(String edge) {
		this.edge = edge;
	}

	void start(int clients) {
		for (int i = 0; i < clients; i++) {
			threads.add(Thread.ofPlatform().name("season-client-" + i).start(this::client));
		}
	}

	void stop() throws InterruptedException {
		running.set(false);
		for (var thread : threads) {
			thread.join(Duration.ofSeconds(60));
		}
	}

	private void client() {
		try {
			var email = "season-" + UUID.randomUUID() + "@season.yuelv.test";
			var account = send("POST", "/api/v1/auth/register", null,
					Map.of("email", email, "password", PASSWORD, "displayName", "旅人"), 201);
			var login = send("POST", "/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD), 200);
			var me = new Traveler(UUID.fromString(account.path("id").asString()), email,
					login.path("accessToken").asString());
			travelers.put(email, me);
			var asked = new HashSet<UUID>();
			var round = 0;
			while (running.get()) {
				round++;
				publishTrip(me, round);
				askToJoin(me, asked);
				acceptWaiting(me);
				send("GET", "/api/v1/inbox", me.token(), null, 200);
				send("GET", "/api/v1/search/trips?q=season", me.token(), null, 200);
				// a traveler reads between clicks; without it three clients would take both cores from the JVMs that
				// the move starts
				Thread.sleep(100);
			}
		}
		catch (RuntimeException e) {
			failures.add(Thread.currentThread().getName() + " stopped: " + e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Drafts a trip, revises the draft, and publishes it. */
	private void publishTrip(Traveler me, int round) {
		var token = "season" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
		var title = token + " 第" + round + "趟";
		var created = send("POST", "/api/v1/trips", me.token(), trip(title), 201);
		var id = UUID.fromString(created.path("id").asString());
		trips.put(id, new AcknowledgedTrip(id, me.id(), token, title, created.path("version").asLong(), false));
		var revisedTitle = token + " 修订" + round;
		var revised = send("PUT", "/api/v1/trips/" + id, me.token(),
				Map.of("version", created.path("version").asLong(), "trip", trip(revisedTitle)), 200);
		trips.put(id, new AcknowledgedTrip(id, me.id(), token, revisedTitle, revised.path("version").asLong(), false));
		var published = send("POST", "/api/v1/trips/" + id + "/publication", me.token(), null, 200);
		trips.put(id, new AcknowledgedTrip(id, me.id(), token, revisedTitle, published.path("version").asLong(),
				true));
	}

	private static Map<String, Object> trip(String title) {
		var start = LocalDate.now().plusMonths(3);
		return Map.of("title", Map.of("zh", title), "destination", "大理", "startDate", start.toString(), "endDate",
				start.plusDays(3).toString(), "seats", 3, "budget", Map.of("amount", 0, "currency", "CNY"),
				"languages", List.of("zh"), "stops",
				List.of(Map.of("placeName", "洱海", "latitude", 25.69, "longitude", 100.16, "day", 1)));
	}

	private void askToJoin(Traveler me, Set<UUID> asked) {
		var others = trips.values().stream()
				.filter(trip -> trip.published() && !trip.organizer().equals(me.id()) && !asked.contains(trip.id()))
				.toList();
		if (others.isEmpty()) {
			return;
		}
		var trip = others.get(ThreadLocalRandom.current().nextInt(others.size()));
		asked.add(trip.id());
		var request = send("POST", "/api/v1/trips/" + trip.id() + "/join-requests", me.token(),
				Map.of("message", "同行吗"), 201);
		var id = UUID.fromString(request.path("id").asString());
		requests.put(id, new AcknowledgedRequest(id, trip.id(), me.id(), request.path("status").asString()));
	}

	private void acceptWaiting(Traveler me) {
		for (var trip : trips.values()) {
			if (!trip.organizer().equals(me.id()) || !trip.published()) {
				continue;
			}
			var roster = send("GET", "/api/v1/trips/" + trip.id() + "/join-requests", me.token(), null, 200);
			for (var request : roster.path("requests")) {
				if (request.path("status").asString().equals("PENDING")) {
					var id = request.path("id").asString();
					var accepted = send("POST", "/api/v1/join-requests/" + id + "/acceptance", me.token(), Map.of(),
							200);
					var requestId = UUID.fromString(id);
					requests.put(requestId, new AcknowledgedRequest(requestId, trip.id(),
							UUID.fromString(accepted.path("travelerId").asString()),
							accepted.path("status").asString()));
				}
			}
		}
	}

	/** Sends a request, trying a 503 again after its Retry-After; any other unexpected answer is a failure. */
	private JsonNode send(String method, String path, String token, Object body, int expected) {
		for (var attempt = 1;; attempt++) {
			var builder = HttpRequest.newBuilder(URI.create(edge + path)).timeout(Duration.ofSeconds(30))
					.header("Accept", "application/json");
			if (token != null) {
				builder.header("Authorization", "Bearer " + token);
			}
			if (body != null) {
				builder.header("Content-Type", "application/json")
						.method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
			}
			else {
				builder.method(method, HttpRequest.BodyPublishers.noBody());
			}
			HttpResponse<byte[]> response;
			try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
				requestsSent.incrementAndGet();
				response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException e) {
				throw new IllegalStateException("%s %s: no answer: %s".formatted(method, path, e));
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", e);
			}
			if (response.statusCode() == 503 && attempt < 100) {
				unavailable.incrementAndGet();
				var retryAfter = response.headers().firstValue("Retry-After").map(Long::parseLong)
						.orElseThrow(() -> new IllegalStateException(method + " " + path
								+ ": 503 without Retry-After"));
				sleep(Duration.ofSeconds(retryAfter));
				continue;
			}
			if (response.statusCode() != expected) {
				throw new IllegalStateException("%s %s: %d %s".formatted(method, path, response.statusCode(),
						new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
			}
			return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
		}
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", e);
		}
	}
}
