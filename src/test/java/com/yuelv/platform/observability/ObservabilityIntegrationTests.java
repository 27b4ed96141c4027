package com.yuelv.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.platform.events.EventBacklog;
import com.yuelv.trip.TripBodies;

/**
 * What an operator sees of the single JAR: the Prometheus scrape with labelled RED metrics of the routes (errors by
 * problem type), of the event handlers and the outbox, and the business counters; the trace id in every problem; the
 * topology and event backlog endpoints, with an audited replay of a failed publication. The scrape stays bounded: no
 * label takes an id or a raw path, and more people and trips add no series.
 */
@EmbeddedModeTest
class ObservabilityIntegrationTests extends ApiTestSupport {

	private static final Pattern UUID_LIKE = Pattern.compile(
			"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
	private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? .*$");
	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	@Autowired EventBacklog backlog;

	private String scrape() {
		var scrape = api.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.get("/actuator/prometheus").accept("text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
		assertThat(scrape.status()).as("the scrape needs no account").isEqualTo(200);
		assertThat(scrape.contentType()).startsWith("text/plain");
		return scrape.body();
	}

	private static List<String> series(String scrape) {
		return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
	}

	private static double value(String scrape, String name, Map<String, String> labels) {
		return series(scrape).stream().filter(line -> line.startsWith(name + "{"))
				.filter(line -> labels.entrySet().stream()
						.allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
	}

	private String admin() {
		return adminToken(api.register("Observer").id());
	}

	private String publishedTrip(String token) {
		// words of its own: the search tests of the shared context count the trips that have theirs
		var body = TripBodies.free("seats", 3);
		body.put("title", Map.of("en", "Observed outing"));
		body.put("description", Map.of("en", "Counted, traced and scraped"));
		var draft = api.post("/api/v1/trips", body, token);
		assertThat(draft.status()).as(draft.body()).isEqualTo(201);
		var id = draft.string("$.id");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), token).status()).isEqualTo(200);
		return id;
	}

	@Test
	void routesAreCountedByModuleAndProblemWithLatencyBuckets() {
		var organizer = api.register("Metered Organizer");
		var trip = publishedTrip(organizer.accessToken());
		api.get("/api/v1/trips/" + trip, null);
		api.get("/api/v1/trips/" + UUID.randomUUID(), null);

		var scrape = scrape();
		var read = Map.of("uri", "/api/v1/trips/{id}", "method", "GET", "module", "trip", "application", "yuelv",
				"deployment", "yuelv");
		assertThat(value(scrape, "http_server_requests_seconds_count",
				merged(read, Map.of("status", "200", "problem", "none")))).isGreaterThanOrEqualTo(1);
		assertThat(value(scrape, "http_server_requests_seconds_count",
				merged(read, Map.of("status", "404", "problem", "trip-not-found")))).isGreaterThanOrEqualTo(1);
		assertThat(value(scrape, "http_server_requests_seconds_bucket", merged(read, Map.of("le", "0.025"))))
				.as("a latency bucket of the route").isGreaterThanOrEqualTo(0);
		assertThat(series(scrape)).anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
				&& line.contains("le=\"0.25\""));
	}

	@Test
	void problemsCarryTheirTraceId() {
		var missing = api.get("/api/v1/trips/" + UUID.randomUUID(), null);

		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.string("$.traceId")).matches("[0-9a-f]{32}");
		var invalid = api.post("/api/v1/trips", TripBodies.with("seats", 0), api.register("Tracer").accessToken());
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.string("$.traceId")).matches("[0-9a-f]{32}").isNotEqualTo(missing.string("$.traceId"));
	}

	@Test
	void eventHandlersTheOutboxAndTheBusinessAreCounted() {
		var before = scrape();
		var organizer = api.register("Counted Organizer");
		publishedTrip(organizer.accessToken());

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			var after = scrape();
			assertThat(value(after, "yuelv_domain_events_total", Map.of("module", "identity",
					"event", "AccountRegistered"))).isGreaterThan(value(before, "yuelv_domain_events_total",
					Map.of("module", "identity", "event", "AccountRegistered")));
			assertThat(value(after, "yuelv_domain_events_total", Map.of("module", "trip", "event", "TripPublished")))
					.isGreaterThan(value(before, "yuelv_domain_events_total",
							Map.of("module", "trip", "event", "TripPublished")));
			assertThat(value(after, "yuelv_events_handling_seconds_count", Map.of("module", "search",
					"event", "TripPublished", "outcome", "handled"))).isGreaterThan(value(before,
					"yuelv_events_handling_seconds_count", Map.of("module", "search", "event", "TripPublished",
							"outcome", "handled")));
			assertThat(value(after, "yuelv_events_lag_seconds_count", Map.of("module", "search",
					"event", "TripPublished"))).isGreaterThan(0);
		});
		var scrape = scrape();
		assertThat(series(scrape)).anyMatch(line -> line.startsWith("yuelv_outbox_waiting{")
				&& line.contains("module=\"search\"") && line.contains("target=\"listeners\""));
		assertThat(series(scrape)).anyMatch(line -> line.startsWith("yuelv_outbox_oldest_age_seconds{"));
		assertThat(series(scrape)).anyMatch(line -> line.startsWith("yuelv_ratelimit_requests_total{"));
		assertThat(series(scrape)).anyMatch(line -> line.startsWith("yuelv_overload_requests_total{"));
	}

	@Test
	void theScrapeHasNoIdsOrRawPathsAndDoesNotGrowWithTraffic() {
		var organizer = api.register("Bounded Organizer");
		traffic(organizer.accessToken(), 3);
		var first = series(scrape());
		traffic(organizer.accessToken(), 12);
		var second = series(scrape());

		var names = new TreeSet<String>();
		for (var line : second) {
			var matcher = SERIES.matcher(line);
			assertThat(matcher.matches()).as(line).isTrue();
			if (matcher.group(3) == null) {
				continue;
			}
			var labels = LABEL.matcher(matcher.group(3));
			while (labels.find()) {
				var value = labels.group(2);
				assertThat(UUID_LIKE.matcher(value).find()).as("an id in %s", line).isFalse();
				if (labels.group(1).equals("uri")) {
					assertThat(value).as("a route, not a path, in %s", line)
							.satisfiesAnyOf(uri -> assertThat(uri).doesNotContain("/api/v1/trips/").doesNotContain(
									"/api/v1/profiles/"), uri -> assertThat(uri).contains("{"));
				}
			}
			names.add(matcher.group(1));
		}
		assertThat(second.size()).as("series after four times the people and trips").isLessThanOrEqualTo(
				first.size() + 40);
		assertThat(second.size()).as("series in the scrape").isLessThan(6000);
		System.out.printf("Scrape of the single JAR: %d series of %d metrics%n", second.size(), names.size());
	}

	private void traffic(String token, int trips) {
		for (var i = 0; i < trips; i++) {
			var person = api.register("Visitor " + i);
			var trip = publishedTrip(token);
			api.get("/api/v1/trips/" + trip, person.accessToken());
			api.get("/api/v1/profiles/" + person.id(), person.accessToken());
			api.get("/api/v1/trips/" + UUID.randomUUID(), null);
		}
	}

	@Test
	void operatorsSeeTheTopologyAndTheBacklog() {
		var admin = admin();
		var topology = api.get("/actuator/topology", admin);
		assertThat(topology.status()).as(topology.body()).isEqualTo(200);
		assertThat(topology.string("$.deployment")).isEqualTo("yuelv");
		assertThat(topology.<List<String>>at("$.modules")).contains("identity", "trip", "search", "payment");
		assertThat(topology.<Map<String, Object>>at("$.peers")).isEmpty();
		assertThat(topology.string("$.version")).isNotBlank();

		backlog.refresh();
		var events = api.get("/actuator/events", admin);
		assertThat(events.status()).as(events.body()).isEqualTo(200);
		assertThat(events.<Integer>at("$.modules.search.listeners.failed")).isNotNull();

		assertThat(api.get("/actuator/topology", api.register("Not An Admin").accessToken()).status())
				.isEqualTo(403);
		var unknown = api.get("/actuator/events/nowhere", admin);
		assertThat(unknown.status()).isEqualTo(400);
	}

	@Test
	void anAdminReplaysAFailedPublicationAndItIsAudited() {
		var admin = admin();
		var organizer = api.register("Replayed Organizer");
		var trip = publishedTrip(organizer.accessToken());
		var listener = "%com.yuelv.search.%";
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(*) from platform.event_publication
				where listener_id like :listener and serialized_event like :trip and completion_date is not null""")
				.param("listener", listener).param("trip", "%" + trip + "%").query(Long.class).single() > 0);
		var id = jdbc.sql("""
				select id from platform.event_publication
				where listener_id like :listener and serialized_event like :trip""")
				.param("listener", listener).param("trip", "%" + trip + "%").query(UUID.class).list().getFirst();
		// as if the search index had failed to take the trip
		jdbc.sql("update platform.event_publication set completion_date = null, status = 'FAILED' where id = :id")
				.param("id", id).update();

		var listed = api.get("/actuator/events/search", admin);
		assertThat(listed.<List<String>>at("$.failedPublications[*].id")).contains(id.toString());
		var replayed = api.post("/actuator/events/search/" + id, Map.of(), admin);

		assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
		assertThat(replayed.string("$.failedPublication")).isEqualTo(id.toString());
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
				"select count(*) from platform.event_publication where id = :id and completion_date is not null")
				.param("id", id).query(Long.class).single() == 1);
		var audit = api.get("/actuator/events", admin);
		assertThat(audit.string("$.recentReplays[0].what.id")).isEqualTo(id.toString());
		assertThat(api.post("/actuator/events/search/" + id, Map.of(), admin).status())
				.as("a publication replayed is no longer failed").isEqualTo(400);
	}

	private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
		var merged = new java.util.HashMap<>(a);
		merged.putAll(b);
		return merged;
	}
}
