package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the local split run shows its operators, checked against its real Zipkin and Prometheus: one request followed
 * as one trace through the edge, the deployments and the broker; and every panel of the topology's dashboards
 * answered with data by Prometheus after traffic.
 */
final class SplitObservability {

	static final String ZIPKIN = "http://127.0.0.1:9411";
	static final String PROMETHEUS = "http://127.0.0.1:9090";

	private SplitObservability() {}

	/**
	 * A join request sent with a sampled {@code traceparent}: the trace holds the trips deployment's server span, its
	 * message to the broker, and the accounts deployment taking the message in and its notification module handling
	 * the event, every span with the trace id the client chose.
	 */
	static void oneTraceFollowsARequestThroughTheDeploymentsAndTheBroker(RestClient api, String organizer,
			String traveler) {
		var start = LocalDate.now().plusMonths(3);
		var trip = api.post().uri("/api/v1/trips").header("Authorization", "Bearer " + organizer)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("title", Map.of("zh", "追踪之旅"), "destination", "丽江", "startDate", start.toString(),
						"endDate", start.plusDays(2).toString(), "seats", 3, "budget",
						Map.of("amount", 0, "currency", "CNY"), "languages", List.of("zh"), "stops",
						List.of(Map.of("placeName", "丽江古城", "latitude", 26.87, "longitude", 100.23, "day", 1))))
				.retrieve().body(JsonNode.class).path("id").asString();
		api.post().uri("/api/v1/trips/{id}/publication", trip).header("Authorization", "Bearer " + organizer)
				.retrieve().toBodilessEntity();

		var random = ThreadLocalRandom.current();
		var traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
		var parent = String.format("%016x", random.nextLong() | 1);
		var joined = api.post().uri("/api/v1/trips/{id}/join-requests", trip)
				.header("Authorization", "Bearer " + traveler).header("traceparent", "00-" + traceId + "-" + parent
						+ "-01")
				.contentType(MediaType.APPLICATION_JSON).body(Map.of("message", "带上我")).retrieve()
				.toBodilessEntity();
		assertThat(joined.getStatusCode().value()).isEqualTo(201);

		var zipkin = RestClient.create(ZIPKIN);
		var id = traceId;
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			JsonNode spans;
			try {
				spans = zipkin.get().uri("/api/v2/trace/{id}", id).retrieve().body(JsonNode.class);
			}
			catch (HttpClientErrorException.NotFound notYet) {
				throw new AssertionError("Zipkin has no trace " + id + " yet");
			}
			var seen = new ArrayList<String>();
			spans.valueStream().forEach(span -> seen.add(span.path("localEndpoint").path("serviceName").asString()
					+ " " + span.path("kind").asString("-") + " " + span.path("name").asString()));
			assertThat(seen).as("the spans of trace %s", id)
					.anyMatch(span -> span.startsWith("trips SERVER ") && span.contains("join-requests"))
					.anyMatch(span -> span.startsWith("trips PRODUCER "))
					.anyMatch(span -> span.startsWith("accounts CONSUMER "))
					.anyMatch(span -> span.startsWith("accounts ") && span.endsWith("handle joinrequested"));
			var root = spans.valueStream().filter(span -> span.path("kind").asString("").equals("SERVER")
					&& span.path("localEndpoint").path("serviceName").asString().equals("trips")).findFirst()
					.orElseThrow();
			assertThat(root.path("parentId").asString()).as("the caller's span is the server span's parent")
					.isEqualTo(parent);
		});
	}

	/** Problems answered through the edge carry a trace id, the one the edge began where the client sent none. */
	static void problemsThroughTheEdgeNameTheirTrace(RestClient api) {
		var missing = api.get().uri("/api/v1/trips/{id}", UUID.randomUUID()).exchange((request, response) -> {
			assertThat(response.getStatusCode().value()).isEqualTo(404);
			return JsonMapper.builder().build().readTree(response.getBody());
		});
		assertThat(missing.path("traceId").asString()).matches("[0-9a-f]{32}");
		var nowhere = api.get().uri("/nowhere").exchange((request, response) -> JsonMapper.builder().build()
				.readTree(response.getBody()));
		assertThat(nowhere.path("traceId").asString()).as("the edge's own answer").matches("[0-9a-f]{32}");
	}

	/**
	 * Every query of every panel of the topology's dashboards, asked of the run's Prometheus, succeeds and returns at
	 * least one series; waits for the scrapes and the rule evaluations that follow the traffic.
	 */
	static void everyDashboardPanelHasData(String topology) throws IOException {
		var queries = new TreeMap<String, String>();
		try (Stream<Path> files = Files.list(Path.of("deploy/grafana", topology))) {
			for (var file : files.sorted().toList()) {
				var dashboard = JsonMapper.builder().build().readTree(file.toFile());
				dashboard.path("panels").valueStream().forEach(panel -> panel.path("targets").valueStream()
						.forEach(target -> queries.put(file.getFileName() + ": " + panel.path("title").asString()
								+ " [" + target.path("refId").asString() + "]", target.path("expr").asString())));
			}
		}
		assertThat(queries).hasSizeGreaterThan(40);
		var prometheus = RestClient.create(PROMETHEUS);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> prometheus.get()
				.uri(UriComponentsBuilder.fromPath("/api/v1/query").queryParam("query", "{q}").build().toUriString(),
						"count(up{job=\"yuelv\"} == 1)").retrieve().body(JsonNode.class)
				.path("data").path("result").path(0).path("value").path(1).asString("0").equals("5"));
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
			var empty = new ArrayList<String>();
			queries.forEach((panel, query) -> {
				var answer = prometheus.get().uri(UriComponentsBuilder.fromPath("/api/v1/query")
						.queryParam("query", "{q}").build().toUriString(), query).retrieve().body(JsonNode.class);
				assertThat(answer.path("status").asString()).as("%s: %s", panel, query).isEqualTo("success");
				if (answer.path("data").path("result").isEmpty()) {
					empty.add(panel + ": " + query);
				}
			});
			assertThat(empty).as("panels without data").isEmpty();
		});
		System.out.printf("Dashboards of %s: %d queries answered with data%n", topology, queries.size());
	}

	/**
	 * After the scenario, the contract walk and the traced requests, each deployment's scrape holds a bounded number of
	 * series (no label takes ids or raw paths, which traffic would multiply).
	 */
	static void everyScrapeStaysBounded() {
		var query = "count by (deployment) ({job=\"yuelv\", deployment!=\"\"})";
		var answer = RestClient.create(PROMETHEUS).get().uri(UriComponentsBuilder.fromPath("/api/v1/query")
				.queryParam("query", "{q}").build().toUriString(), query).retrieve().body(JsonNode.class);
		var series = new TreeMap<String, Integer>();
		answer.path("data").path("result").valueStream().forEach(result -> series.put(
				result.path("metric").path("deployment").asString(), Integer.parseInt(result.path("value").path(1)
						.asString())));
		System.out.printf("Series per deployment: %s%n", series);
		assertThat(series).hasSize(5).allSatisfy((deployment, count) -> assertThat(count).isLessThan(3000));
	}
}
