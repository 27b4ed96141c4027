package com.yuelv.build.split;

import com.yuelv.platform.deployment.PlaceableModules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.yuelv.platform.overload.Priority;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * The Kubernetes manifests of each topology: the committed ones are what the split build writes; they render with
 * {@code kubectl kustomize}; every rendered document parses into the fabric8 model without a field the model does not
 * know; and they agree with the topology: one Deployment and Service per deployment, autoscaler bounds, probes,
 * resources, graceful shutdown, labels and selectors that match, and an edge that sends every endpoint to the
 * deployment hosting its module.
 */
class SplitManifestsTests {

	static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("ConfigMap", ConfigMap.class, "Service",
			Service.class, "Deployment", Deployment.class, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
			"PodDisruptionBudget", PodDisruptionBudget.class, "HTTPRoute", HTTPRoute.class, "ServiceMonitor",
			ServiceMonitor.class, "PrometheusRule", PrometheusRule.class);

	@TempDir
	Path generated;

	private static Topology topology(String season) {
		return TopologyFiles.read(Path.of("split-config", season + ".yaml"), PlaceableModules.all());
	}

	private static DataPlacement placement() {
		return DataPlacement.read(Path.of("split-config", "data.yaml"), PlaceableModules.all());
	}

	@ParameterizedTest
	@ValueSource(strings = { "off-season", "peak-season" })
	void theCommittedManifestsAreWhatTheSplitBuildWrites(String season) throws IOException {
		var topology = topology(season);
		new ManifestWriter().write(topology, placement(), EdgeRoutes.of(topology, Endpoints.of("com.yuelv")),
				EdgePriorities.of(Endpoints.operations("com.yuelv")), generated);
		try (Stream<Path> files = Files.walk(generated)) {
			for (var file : files.filter(Files::isRegularFile).toList()) {
				var committed = Path.of("deploy").resolve(generated.relativize(file));
				assertThat(committed).as("%s is stale: regenerate with ./mvnw -Psplit process-test-classes "
						+ "-Dsplit.topology=split-config/%s.yaml", committed, season).exists();
				assertThat(Files.readString(committed)).as("%s is stale: regenerate with ./mvnw -Psplit "
						+ "process-test-classes -Dsplit.topology=split-config/%s.yaml", committed, season)
						.isEqualTo(Files.readString(file));
			}
		}
	}

	/**
	 * The season change's runbook on Kubernetes: both overlays applied at once. The workloads the runbook selects by
	 * {@code app.kubernetes.io/component} are distinct between the shapes; what it selects without that label is the
	 * route under one name, the switch, and configuration both shapes share; and the old shape's selector takes its
	 * workloads only.
	 */
	@Test
	void bothShapesCanRunAtOnceWithTheRouteAsTheSwitch() throws Exception {
		var off = render("off-season");
		var peak = render("peak-season");
		var component = "app.kubernetes.io/component";

		var offWorkloads = keys(off.stream().filter(it -> labelled(it, component)).toList());
		var peakWorkloads = keys(peak.stream().filter(it -> labelled(it, component)).toList());
		assertThat(offWorkloads).isNotEmpty().doesNotContainAnyElementsOf(peakWorkloads);
		assertThat(offWorkloads).allSatisfy(key -> assertThat(key).matches("[A-Za-z]+/yuelv(-config)?"));

		var offRest = off.stream().filter(it -> !labelled(it, component)).toList();
		var peakRest = peak.stream().filter(it -> !labelled(it, component)).toList();
		assertThat(keys(offRest)).containsExactlyInAnyOrderElementsOf(keys(peakRest)).contains("HTTPRoute/yuelv");
		for (var resource : offRest) {
			var twin = peakRest.stream().filter(it -> key(it).equals(key(resource))).findFirst().orElseThrow();
			if (resource instanceof HTTPRoute) {
				assertThat(twin).as("the switch").isNotEqualTo(resource);
			}
			else {
				assertThat(twin).as("shared by both shapes: %s", key(resource)).isEqualTo(resource);
			}
		}
		assertThat(keys(off.stream().filter(it -> "yuelv".equals(it.getMetadata().getLabels() == null ? null
				: it.getMetadata().getLabels().get(component))).toList())).as("step 5's selector")
				.containsExactlyInAnyOrderElementsOf(offWorkloads);
	}

	private static boolean labelled(HasMetadata resource, String label) {
		return resource.getMetadata().getLabels() != null && resource.getMetadata().getLabels().containsKey(label);
	}

	private static String key(HasMetadata resource) {
		return resource.getKind() + "/" + resource.getMetadata().getName();
	}

	private static List<String> keys(List<HasMetadata> resources) {
		return resources.stream().map(SplitManifestsTests::key).toList();
	}

	@Test
	void aDeploymentWhoseSchemasMovedToAnotherServerConnectsThere() throws IOException {
		var topology = topology("peak-season");
		var moved = new DataPlacement.Place("yuelv_trips", "pg-trips.db.internal", 6432);
		var placement = new DataPlacement("yuelv", "yuelv_owner", new java.util.TreeMap<>(Map.of("trip", moved,
				"booking", moved, "geo", moved)), placement().schemas());
		assertThat(placement.problemsWith(topology)).isEmpty();

		new ManifestWriter().write(topology, placement, EdgeRoutes.of(topology, Endpoints.of("com.yuelv")),
				EdgePriorities.of(Endpoints.operations("com.yuelv")), generated);

		var trips = config(generated.resolve("overlays/peak-season/trips.yaml"), "trips-config");
		assertThat(trips.getData()).containsEntry("YUELV_DB_HOST", "pg-trips.db.internal")
				.containsEntry("YUELV_DB_PORT", "6432").containsEntry("YUELV_DB_NAME", "yuelv_trips");
		var accounts = config(generated.resolve("overlays/peak-season/accounts.yaml"), "accounts-config");
		assertThat(accounts.getData()).doesNotContainKeys("YUELV_DB_HOST", "YUELV_DB_PORT")
				.containsEntry("YUELV_DB_NAME", "yuelv");
	}

	private static ConfigMap config(Path file, String name) throws IOException {
		for (var document : Files.readString(file).split("(?m)^---$")) {
			if (document.contains("kind: ConfigMap") && document.contains("name: " + name + "\n")) {
				return Serialization.unmarshal(document, ConfigMap.class);
			}
		}
		throw new AssertionError("no config map " + name + " in " + file);
	}

	@ParameterizedTest
	@ValueSource(strings = { "off-season", "peak-season" })
	void theRenderedOverlayAgreesWithTheTopology(String season) throws Exception {
		var topology = topology(season);
		var resources = render(season);

		var deployments = of(resources, Deployment.class);
		var services = of(resources, Service.class);
		var autoscalers = of(resources, HorizontalPodAutoscaler.class);
		var budgets = of(resources, PodDisruptionBudget.class);
		var names = topology.deployments().stream().map(Topology.Deployment::name).toList();
		assertThat(deployments).extracting(it -> it.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(names);
		assertThat(services).extracting(it -> it.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(names);
		assertThat(of(resources, ServiceMonitor.class)).extracting(it -> it.getMetadata().getName())
				.containsExactlyInAnyOrderElementsOf(names);
		// the rules Prometheus runs in a cluster are those the local run's runs and promtool tests
		var rules = of(resources, PrometheusRule.class);
		assertThat(rules).singleElement().satisfies(rule -> assertThat(rule.getSpec().getGroups())
				.extracting(group -> group.getName()).containsExactly("yuelv-sli", "yuelv-slo-alerts",
						"yuelv-platform-alerts"));
		assertThat(rules.getFirst().getSpec().getGroups().stream().flatMap(group -> group.getRules().stream())
				.filter(rule -> rule.getAlert() != null).count()).isEqualTo(13);

		for (var planned : topology.deployments()) {
			var deployment = named(deployments, planned.name());
			var pod = deployment.getSpec().getTemplate();
			var container = pod.getSpec().getContainers().getFirst();
			var selector = deployment.getSpec().getSelector().getMatchLabels();
			assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(selector);
			assertThat(named(services, planned.name()).getSpec().getSelector()).isEqualTo(selector);
			assertThat(named(budgets, planned.name()).getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
			assertThat(selector).containsEntry("app.kubernetes.io/component", planned.name());

			assertThat(container.getResources().getRequests().get("cpu").toString())
					.isEqualTo(planned.resources().requests().cpu());
			assertThat(container.getResources().getLimits().get("memory").toString())
					.isEqualTo(planned.resources().limits().memory());
			assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
			assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
			// the kubelet's own pause: the image has no shell
			assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(10L);
			assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(10 + 30);
			// the image's user, no privileges, a read-only root with the JVM's temporary files and the data directory
			// on the pod's own volumes
			var security = container.getSecurityContext();
			assertThat(security.getRunAsNonRoot()).isTrue();
			assertThat(security.getRunAsUser()).isEqualTo(10001L);
			assertThat(security.getAllowPrivilegeEscalation()).isFalse();
			assertThat(security.getReadOnlyRootFilesystem()).isTrue();
			assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
			assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath)
				.contains("/tmp", "/app/data");

			// Prometheus scrapes the Service's pods as job yuelv, which the rules select by
			var monitor = named(of(resources, ServiceMonitor.class), planned.name());
			assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
			var scrape = monitor.getSpec().getEndpoints().getFirst();
			assertThat(scrape.getPort()).isEqualTo(named(services, planned.name()).getSpec().getPorts().getFirst()
					.getName());
			assertThat(scrape.getPath()).isEqualTo("/actuator/prometheus");
			assertThat(scrape.getRelabelings()).anySatisfy(relabel -> {
				assertThat(relabel.getTargetLabel()).isEqualTo("job");
				assertThat(relabel.getReplacement()).isEqualTo("yuelv");
			});

			var autoscaler = named(autoscalers, planned.name());
			assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(planned.name());
			assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(planned.replicas().min());
			assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(planned.replicas().max());
			assertThat(autoscaler.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization())
					.isEqualTo(planned.targetCpuUtilization());
			var config = named(of(resources, ConfigMap.class), planned.name() + "-config");
			assertThat(config.getData()).containsEntry("YUELV_SPLIT_MODULES", String.join(",", planned.modules()));
			// the heap the topology gives it, below its memory limit by what the JVM needs outside the heap
			assertThat(config.getData().get("JAVA_TOOL_OPTIONS")).startsWith(planned.resources().maxHeapOption() + " ");
			assertThat(TopologyFiles.bytes(planned.resources().heap()) + TopologyFiles.OUTSIDE_HEAP)
					.isLessThanOrEqualTo(TopologyFiles.bytes(planned.resources().limits().memory()));
			// RabbitMQ's health is part of a deployment's only where events travel between deployments
			assertThat(config.getData().containsKey("YUELV_RABBITMQ_HEALTH"))
					.isEqualTo(topology.deployments().size() > 1);
			// the database of its modules' schemas, whatever the topology, as a role of its own
			assertThat(config.getData()).containsEntry("YUELV_DB_NAME", "yuelv")
					.containsEntry("YUELV_DB_USER", "yuelv_" + planned.name().replace('-', '_'))
					.containsEntry("YUELV_DB_MIGRATION_USER", "yuelv_owner");
			assertThat(container.getEnv()).anySatisfy(variable -> {
				assertThat(variable.getName()).isEqualTo("YUELV_DB_PASSWORD");
				assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("yuelv-db-" + planned.name());
			});
			// every module it does not run, at the Service of the deployment that does, and no other
			for (var module : PlaceableModules.all()) {
				var key = "YUELV_SPLIT_PEERS_" + module.toUpperCase(java.util.Locale.ROOT);
				if (planned.modules().contains(module)) {
					assertThat(config.getData()).doesNotContainKey(key);
				}
				else {
					var host = topology.hostOf(module).orElseThrow();
					assertThat(names).contains(host.name());
					assertThat(config.getData()).containsEntry(key, "http://" + host.name() + ":80");
				}
			}
			if (planned.settings().isEmpty()) {
				assertThat(config.getData()).doesNotContainKey("SPRING_APPLICATION_JSON");
			}
			else {
				assertThat(tools.jackson.databind.json.JsonMapper.builder().build()
						.readValue(config.getData().get("SPRING_APPLICATION_JSON"), Map.class))
						.isEqualTo(planned.settings());
			}
		}

		var route = of(resources, HTTPRoute.class).getFirst();
		for (var rule : route.getSpec().getRules()) {
			assertThat(names).contains(rule.getBackendRefs().getFirst().getName());
		}
		for (var endpoint : Endpoints.of("com.yuelv")) {
			var host = topology.hostOf(endpoint.module());
			if (host.isEmpty()) {
				continue;
			}
			var path = endpoint.pattern().replaceAll("\\{[^/}]+}", "0c7a3b5e-0000-4000-8000-000000000001");
			assertThat(routeOf(route, path)).as("%s (%s)", path, endpoint.module()).isEqualTo(host.get().name());
		}
	}

	@org.junit.jupiter.api.Test
	void endpointsOfAResourceServedElsewhereGetRoutesOfTheirOwn() {
		var resources = new Topology.Resources(new Topology.Quantities("250m", "512Mi"),
				new Topology.Quantities("1", "1Gi"), "640Mi");
		var topology = new Topology("apart", List.of(
				new Topology.Deployment("core", List.of("identity", "trip", "notification", "demo", "geo", "search"),
						new Topology.Replicas(1, 2), resources, 70),
				new Topology.Deployment("booking", List.of("booking"), new Topology.Replicas(1, 2), resources, 70)));
		var routes = EdgeRoutes.of(topology, Endpoints.of("com.yuelv"));
		var priorities = EdgePriorities.of(Endpoints.operations("com.yuelv"));

		assertThat(routes).contains(new EdgeRoutes.Route("^/api/v1/trips/[^/]+/seats$", true, "booking"),
				new EdgeRoutes.Route("^/api/v1/trips/[^/]+/join-requests$", true, "booking"),
				new EdgeRoutes.Route("/api/v1/trips", false, "core"),
				new EdgeRoutes.Route("/api/v1/join-requests", false, "booking"));
		assertThat(ManifestWriter.nginx(topology, routes, priorities))
				.contains("location ~ ^/api/v1/trips/[^/]+/seats$ { limit_conn booking_critical 32; "
						+ "limit_conn booking_normal 8; limit_conn booking_sheddable 2; proxy_pass http://booking; }")
				.contains("location /api/v1/trips/ { limit_conn core_critical 32; limit_conn core_normal 8; "
						+ "limit_conn core_sheddable 2; proxy_pass http://core; }")
				.contains("limit_conn_zone $yuelv_critical zone=booking_critical:256k;")
				.contains("limit_conn_zone $yuelv_sheddable zone=core_sheddable:256k;")
				.contains("upstream booking { server 127.0.0.1:8082 max_fails=0; keepalive 32; }");
	}

	/**
	 * The local edge's priority map, read back from the committed configuration and applied as nginx applies it (the
	 * first regular expression that matches "method path", else normal), ranks every operation of the application
	 * as its load shedding does.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "off-season", "peak-season" })
	void theEdgeRanksEveryOperationAsTheApplicationDoes(String season) throws IOException {
		var conf = Files.readString(Path.of("deploy/nginx", season + ".conf"));
		var rules = new ArrayList<Map.Entry<Pattern, String>>();
		var line = Pattern.compile("^ {4}\"(~.+)\" (\\w+);$", Pattern.MULTILINE);
		var map = conf.substring(conf.indexOf("map \"$request_method $uri\" $yuelv_priority {"));
		map = map.substring(0, map.indexOf("\n}\n"));
		for (var rule = line.matcher(map); rule.find();) {
			rules.add(Map.entry(Pattern.compile(rule.group(1).substring(1)), rule.group(2)));
		}
		assertThat(rules).extracting(Map.Entry::getValue).contains("critical", "sheddable");

		var ranked = 0;
		for (var operation : Endpoints.operations("com.yuelv")) {
			var path = operation.pattern().replaceAll("\\{[^/}]+}", "0c7a3b5e-0000-4000-8000-000000000001");
			var expected = Priority.of(operation.method(), path);
			if (expected == null) {
				continue;
			}
			var methods = operation.method().equals("GET") ? List.of("GET", "HEAD") : List.of(operation.method());
			for (var method : methods) {
				var request = method + " " + path;
				var edge = rules.stream().filter(rule -> rule.getKey().matcher(request).find())
						.map(Map.Entry::getValue).findFirst().orElse("normal");
				assertThat(edge).as(request).isEqualTo(expected.key());
				ranked++;
			}
		}
		assertThat(ranked).isGreaterThan(20);
		var first = topology(season).deployments().getFirst();
		assertThat(conf).contains("limit_conn %1$s_normal %2$d; limit_conn %1$s_sheddable %3$d; proxy_pass http://%1$s;"
				.formatted(first.name(), first.edge().normal(), first.edge().sheddable()));
	}

	/** Where the edge sends a path: an exact match first, then a matching regular expression, else the longest prefix. */
	private static String routeOf(HTTPRoute route, String path) {
		String best = null;
		var bestLength = -1;
		for (var rule : route.getSpec().getRules()) {
			var match = rule.getMatches().getFirst().getPath();
			var backend = rule.getBackendRefs().getFirst().getName();
			if (match.getType().equals("Exact") && path.equals(match.getValue())) {
				return backend;
			}
			if (match.getType().equals("RegularExpression") && path.matches(match.getValue())) {
				return backend;
			}
			if (match.getType().equals("PathPrefix")
					&& (path.equals(match.getValue()) || path.startsWith(match.getValue() + "/"))
					&& match.getValue().length() > bestLength) {
				best = backend;
				bestLength = match.getValue().length();
			}
		}
		return best;
	}

	private static List<HasMetadata> render(String season) throws Exception {
		var process = new ProcessBuilder("kubectl", "kustomize", "deploy/overlays/" + season).redirectErrorStream(true)
				.start();
		var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		var resources = new ArrayList<HasMetadata>();
		for (var document : output.split("(?m)^---$")) {
			if (document.isBlank()) {
				continue;
			}
			var kind = document.lines().filter(line -> line.startsWith("kind: ")).findFirst().orElseThrow()
					.substring(6).strip();
			assertThat(KINDS).as("a kind the split writes").containsKey(kind);
			var resource = Serialization.unmarshal(document, KINDS.get(kind));
			assertThat(unknownFields(resource, "", new IdentityHashMap<>())).as("%s %s", kind,
					resource.getMetadata().getName()).isEmpty();
			resources.add(resource);
		}
		return resources;
	}

	/** Fields of the document that the model does not know, which it keeps as additional properties. */
	private static List<String> unknownFields(Object value, String path, Map<Object, Boolean> seen) throws Exception {
		var unknown = new ArrayList<String>();
		if (value == null || seen.put(value, true) != null) {
			return unknown;
		}
		if (value instanceof Collection<?> collection) {
			for (var item : collection) {
				unknown.addAll(unknownFields(item, path + "[]", seen));
			}
			return unknown;
		}
		if (value instanceof Map<?, ?> map) {
			for (var entry : map.entrySet()) {
				unknown.addAll(unknownFields(entry.getValue(), path + "." + entry.getKey(), seen));
			}
			return unknown;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
				&& !value.getClass().getName().startsWith("io.fabric8.openshift.api.model")) {
			return unknown;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| Set.of("getClass", "getApiVersion", "getKind", "getPlural", "getSingular").contains(getter.getName())) {
				continue;
			}
			var result = getter.invoke(value);
			if (getter.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) result).keySet().forEach(key -> unknown.add(path + "." + key));
			}
			else {
				unknown.addAll(unknownFields(result, path + "." + getter.getName().substring(3), seen));
			}
		}
		return unknown;
	}

	private static <T extends HasMetadata> List<T> of(List<HasMetadata> resources, Class<T> type) {
		return resources.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static <T extends HasMetadata> T named(List<T> resources, String name) {
		return resources.stream().filter(it -> it.getMetadata().getName().equals(name)).findFirst().orElseThrow();
	}
}
