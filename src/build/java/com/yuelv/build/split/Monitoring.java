package com.yuelv.build.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Prometheus and Grafana need of a topology: a {@code ServiceMonitor} per deployment (its Service's
 * {@code /actuator/prometheus}), the {@code PrometheusRule} that carries {@code deploy/prometheus/rules.yml} into a
 * cluster, and Grafana dashboards, one overview and one per deployment, whose panels are those that deployment's
 * modules give data for: event handling where its modules listen to events, the outbox where events leave its
 * modules, the queues where events come in from other deployments, and circuit breakers where it calls another.
 */
final class Monitoring {

	static final String SCRAPE_PATH = "/actuator/prometheus";
	static final String SCRAPE_INTERVAL = "15s";
	/** The job every deployment is scraped as, which the rules select by. */
	static final String JOB = "yuelv";

	/** The modules that listen to each module's events, and the modules each module calls (the build's metadata). */
	record Modules(Map<String, Set<String>> listenersByPublisher, Map<String, Set<String>> callersByCallee) {}

	private final Modules modules;

	Monitoring(Modules modules) {
		this.modules = modules;
	}

	Map<String, Object> serviceMonitor(Topology.Deployment deployment, Map<String, Object> labels,
			Map<String, Object> selector) {
		var endpoint = new LinkedHashMap<String, Object>();
		endpoint.put("port", "http");
		endpoint.put("path", SCRAPE_PATH);
		endpoint.put("interval", SCRAPE_INTERVAL);
		endpoint.put("relabelings", List.of(map("targetLabel", "job", "replacement", JOB)));
		var monitor = new LinkedHashMap<String, Object>();
		monitor.put("apiVersion", "monitoring.coreos.com/v1");
		monitor.put("kind", "ServiceMonitor");
		monitor.put("metadata", map("name", deployment.name(), "labels", labels));
		monitor.put("spec", map("selector", map("matchLabels", selector), "endpoints", List.of(endpoint)));
		return monitor;
	}

	/** The rules of {@code rules.yml} as a {@code PrometheusRule} for the Prometheus Operator. */
	static Map<String, Object> prometheusRule(Path rules) {
		Object document;
		try {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(rules));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + rules, e);
		}
		if (!(document instanceof Map<?, ?> map) || !(map.get("groups") instanceof List<?> groups)) {
			throw new IllegalStateException(rules + " has no rule groups");
		}
		var rule = new LinkedHashMap<String, Object>();
		rule.put("apiVersion", "monitoring.coreos.com/v1");
		rule.put("kind", "PrometheusRule");
		rule.put("metadata", map("name", "yuelv", "labels", map("app.kubernetes.io/name", "yuelv")));
		rule.put("spec", map("groups", groups));
		return rule;
	}

	/** The dashboards of the topology, by file name: {@code overview.json} and {@code <deployment>.json}. */
	Map<String, String> dashboards(Topology topology) {
		var json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		var dashboards = new TreeMap<String, String>();
		dashboards.put("overview.json", json.writeValueAsString(overview(topology)) + "\n");
		for (var deployment : topology.deployments()) {
			dashboards.put(deployment.name() + ".json",
					json.writeValueAsString(deploymentDashboard(topology, deployment)) + "\n");
		}
		return dashboards;
	}

	private Map<String, Object> overview(Topology topology) {
		var panels = new Panels();
		panels.add("Requests per second", "reqps",
				"sum by (deployment) (rate(http_server_requests_seconds_count{job=\"yuelv\", uri!~\"/actuator.*\"}[5m]))",
				"{{deployment}}");
		panels.add("Failed requests (5xx or shed), share", "percentunit", "yuelv:request_errors:ratio_rate5m",
				"{{deployment}}");
		panels.add("Requests over 500 ms, share", "percentunit", "yuelv:slow_requests:ratio_rate5m",
				"{{deployment}}");
		panels.add("Latency p95", "s", "histogram_quantile(0.95, sum by (deployment, le) (rate("
				+ "http_server_requests_seconds_bucket{job=\"yuelv\", uri!~\"/actuator.*\"}[5m])))", "{{deployment}}");
		panels.add("Ready replicas", "short", "sum by (deployment) (yuelv_ready{job=\"yuelv\"})", "{{deployment}}");
		panels.add("Requests shed, by priority", "reqps", "sum by (deployment, priority) (rate("
				+ "yuelv_overload_requests_total{job=\"yuelv\", outcome=\"shed\"}[5m]))", "{{deployment}} {{priority}}");
		panels.add("Oldest unfinished publication in the outbox", "s", "max by (deployment, module, target) ("
				+ "yuelv_outbox_oldest_age_seconds{job=\"yuelv\"})", "{{deployment}} {{module}} → {{target}}");
		if (topology.deployments().size() > 1) {
			panels.add("Dead letters", "short", "sum by (deployment, module) (yuelv_transport_queue_depth{"
					+ "job=\"yuelv\", queue=\"dead-letters\"})", "{{module}}");
		}
		panels.add("Registrations and trips published, per hour", "short", "sum by (event) (increase("
				+ "yuelv_domain_events_total{job=\"yuelv\", event=~\"AccountRegistered|TripPublished\"}[1h]))",
				"{{event}}");
		panels.add("Join requests by outcome, per hour", "short", "sum by (event) (increase("
				+ "yuelv_domain_events_total{job=\"yuelv\", module=\"booking\", event=~\"Join.*|HoldLapsed|SeatHeld\"}"
				+ "[1h]))", "{{event}}");
		return dashboard("yuelv-" + topology.name() + "-overview", "Yuelv " + topology.name() + ": overview",
				panels.list);
	}

	private Map<String, Object> deploymentDashboard(Topology topology, Topology.Deployment deployment) {
		var name = deployment.name();
		var selector = "job=\"yuelv\", deployment=\"" + name + "\"";
		var api = selector + ", uri!~\"/actuator.*\"";
		var panels = new Panels();
		panels.add("Requests per second, top routes", "reqps", "topk(10, sum by (method, uri) (rate("
				+ "http_server_requests_seconds_count{" + api + "}[5m])))", "{{method}} {{uri}}");
		panels.add("Refusals and failures, by problem type", "reqps", "sum by (status, problem) (rate("
				+ "http_server_requests_seconds_count{" + api + ", status=~\"[45]..\"}[5m]))",
				"{{status}} {{problem}}");
		panels.add("Latency p50, p95, p99", "s", List.of(
				quantile(0.5, api), quantile(0.95, api), quantile(0.99, api)), List.of("p50", "p95", "p99"));
		panels.add("Requests by module", "reqps", "sum by (module) (rate(http_server_requests_seconds_count{"
				+ api + "}[5m]))", "{{module}}");
		panels.add("Rate limits, by route class", "reqps", "sum by (class, outcome) (rate("
				+ "yuelv_ratelimit_requests_total{" + selector + "}[5m]))", "{{class}} {{outcome}}");
		panels.add("Admission, by priority", "reqps", "sum by (priority, outcome) (rate("
				+ "yuelv_overload_requests_total{" + selector + "}[5m]))", "{{priority}} {{outcome}}");
		panels.add("Cache reads, by level", "reqps", "sum by (cache, level, result) (rate("
				+ "yuelv_cache_gets_total{" + selector + "}[5m]))", "{{cache}} {{level}} {{result}}");
		var local = new TreeSet<>(deployment.modules());
		var listening = new TreeSet<String>();
		modules.listenersByPublisher().values().forEach(listening::addAll);
		listening.retainAll(local);
		if (!listening.isEmpty()) {
			panels.add("Events handled, by module and outcome", "ops", "sum by (module, event, outcome) (rate("
					+ "yuelv_events_handling_seconds_count{" + selector + "}[5m]))", "{{module}} {{event}} {{outcome}}");
			panels.add("Event lag p95 (occurred to handled)", "s", "histogram_quantile(0.95, sum by (module, le) ("
					+ "rate(yuelv_events_lag_seconds_bucket{" + selector + "}[5m])))", "{{module}}");
		}
		var remote = topology.deployments().stream().filter(other -> other != deployment)
				.flatMap(other -> other.modules().stream()).collect(java.util.stream.Collectors.toSet());
		var sendsOut = local.stream().anyMatch(module -> modules.listenersByPublisher()
				.getOrDefault(module, Set.of()).stream().anyMatch(remote::contains));
		if (!listening.isEmpty() || sendsOut) {
			panels.add("Outbox: waiting and failed publications", "short", List.of(
					"sum by (module, target) (yuelv_outbox_waiting{" + selector + "})",
					"sum by (module, target) (yuelv_outbox_failed{" + selector + "})"),
					List.of("waiting {{module}} → {{target}}", "failed {{module}} → {{target}}"));
		}
		if (sendsOut) {
			panels.add("Events sent to other deployments", "ops", "sum by (module, outcome) (rate("
					+ "yuelv_transport_outgoing_total{" + selector + "}[5m]))", "{{module}} {{outcome}}");
		}
		var comesIn = local.stream().anyMatch(module -> modules.listenersByPublisher().entrySet().stream()
				.anyMatch(entry -> remote.contains(entry.getKey()) && entry.getValue().contains(module)));
		if (comesIn) {
			panels.add("Queues of the listening modules", "short", "sum by (module, queue) ("
					+ "yuelv_transport_queue_depth{" + selector + "})", "{{module}} {{queue}}");
			panels.add("Events received, by outcome", "ops", "sum by (module, outcome) (rate("
					+ "yuelv_events_incoming_total{" + selector + "}[5m]))", "{{module}} {{outcome}}");
			panels.add("Redeliveries", "ops", "sum by (module) (rate(yuelv_transport_redelivered_total{"
					+ selector + "}[5m]))", "{{module}}");
		}
		var calls = local.stream().anyMatch(module -> modules.callersByCallee().entrySet().stream()
				.anyMatch(entry -> remote.contains(entry.getKey()) && entry.getValue().contains(module)));
		if (calls) {
			panels.add("Calls to other deployments, p95", "s", "histogram_quantile(0.95, sum by (client_name, le) ("
					+ "rate(http_client_requests_seconds_bucket{" + selector + "}[5m])))", "{{client_name}}");
			panels.add("Circuit breakers open", "short", "max by (name) (resilience4j_circuitbreaker_state{"
					+ selector + ", state=~\"open|forced_open\"})", "{{name}}");
		}
		panels.add("JVM heap used", "bytes", "sum by (instance) (jvm_memory_used_bytes{" + selector
				+ ", area=\"heap\"})", "{{instance}}");
		panels.add("CPU used", "percentunit", "process_cpu_usage{" + selector + "}", "{{instance}}");
		return dashboard("yuelv-" + topology.name() + "-" + name, "Yuelv " + topology.name() + ": " + name,
				panels.list);
	}

	private static String quantile(double q, String selector) {
		return "histogram_quantile(" + q + ", sum by (le) (rate(http_server_requests_seconds_bucket{" + selector
				+ "}[5m])))";
	}

	/** Panels laid out two to a row. */
	private static final class Panels {

		private final List<Map<String, Object>> list = new ArrayList<>();

		void add(String title, String unit, String expression, String legend) {
			add(title, unit, List.of(expression), List.of(legend));
		}

		void add(String title, String unit, List<String> expressions, List<String> legends) {
			var id = list.size() + 1;
			var targets = new ArrayList<Map<String, Object>>();
			for (var i = 0; i < expressions.size(); i++) {
				targets.add(map("refId", String.valueOf((char) ('A' + i)), "datasource", datasource(),
						"expr", expressions.get(i), "legendFormat", legends.get(i)));
			}
			var panel = new LinkedHashMap<String, Object>();
			panel.put("id", id);
			panel.put("type", "timeseries");
			panel.put("title", title);
			panel.put("datasource", datasource());
			panel.put("gridPos", map("h", 8, "w", 12, "x", (list.size() % 2) * 12, "y", (list.size() / 2) * 8));
			panel.put("fieldConfig", map("defaults", map("unit", unit), "overrides", List.of()));
			panel.put("targets", targets);
			list.add(panel);
		}
	}

	private static Map<String, Object> datasource() {
		return map("type", "prometheus", "uid", "${datasource}");
	}

	private static Map<String, Object> dashboard(String uid, String title, List<Map<String, Object>> panels) {
		var dashboard = new LinkedHashMap<String, Object>();
		dashboard.put("uid", uid);
		dashboard.put("title", title);
		dashboard.put("tags", List.of("yuelv"));
		dashboard.put("schemaVersion", 39);
		dashboard.put("editable", false);
		dashboard.put("refresh", "30s");
		dashboard.put("time", map("from", "now-1h", "to", "now"));
		dashboard.put("templating", map("list", List.of(map("name", "datasource", "type", "datasource",
				"query", "prometheus", "label", "Prometheus"))));
		dashboard.put("panels", panels);
		return dashboard;
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		var map = new LinkedHashMap<String, Object>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}
}
