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
		assertThat(offWorkloads).allSatisfy(key -> assertThat(key).matches("[A-Za-z]+/yuelv(-config|-replicas)?"));

		var offRest = off.stream().filter(it -> !labelled(it, component)).toList();
		var peakRest = peak.stream().filter(it -> !labelled(it, component)).toList();
		// the gateway's configuration is named by its content: each shape has its own
		var gatewayConfigs = Pattern.compile("ConfigMap/yuelv-gateway-[a-z0-9]+");
		assertThat(keys(offRest).stream().filter(key -> !gatewayConfigs.matcher(key).matches()).toList())
				.containsExactlyInAnyOrderElementsOf(keys(peakRest).stream()
						.filter(key -> !gatewayConfigs.matcher(key).matches()).toList())
				.contains("HTTPRoute/yuelv", "Deployment/yuelv-gateway");
		for (var resource : offRest) {
			if (gatewayConfigs.matcher(key(resource)).matches()) {
				continue;
			}
			var twin = peakRest.stream().filter(it -> key(it).equals(key(resource))).findFirst().orElseThrow();
			if (resource instanceof HTTPRoute || key(resource).equals("Deployment/yuelv-gateway")) {
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
		var gateway = named(deployments, "yuelv-gateway");
		deployments = deployments.stream().filter(it -> it != gateway).toList();
		assertThat(deployments).extracting(it -> it.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(names);
		var replicas = services.stream().filter(it -> it.getMetadata().getName().endsWith("-replicas")).toList();
		services = services.stream().filter(it -> !replicas.contains(it)
				&& !it.getMetadata().getName().equals("yuelv-gateway")).toList();
		assertThat(services).extracting(it -> it.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(names);
		gatewayAgreesWithTheTopology(topology, resources, gateway, replicas);
		assertThat(of(resources, ServiceMonitor.class)).extracting(it -> it.getMetadata().getName())
				.containsExactlyInAnyOrderElementsOf(names);
		// the rules Prometheus runs in a cluster are those the local run's runs and promtool tests
		var rules = of(resources, PrometheusRule.class);
		assertThat(rules).singleElement().satisfies(rule -> assertThat(rule.getSpec().getGroups())
				.extracting(group -> group.getName()).containsExactly("yuelv-sli", "yuelv-slo-alerts",
						"yuelv-platform-alerts"));
		assertThat(rules.getFirst().getSpec().getGroups().stream().flatMap(group -> group.getRules().stream())
				.filter(rule -> rule.getAlert() != null).count()).isEqualTo(14);

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
			// its own settings, and what each other deployment may call of its internal APIs
			var expected = new java.util.TreeMap<String, Object>(planned.settings());
			PeerGrants.of(topology).get(planned.name()).forEach((caller, scopes) -> expected
				.put("yuelv.split.grants." + caller, List.copyOf(scopes)));
			if (expected.isEmpty()) {
				assertThat(config.getData()).doesNotContainKey("SPRING_APPLICATION_JSON");
			}
			else {
				assertThat(tools.jackson.databind.json.JsonMapper.builder().build()
						.readValue(config.getData().get("SPRING_APPLICATION_JSON"), Map.class))
						.isEqualTo(expected);
			}
			// the access tokens' private key only where identity signs them, their public half elsewhere
			var tokenKeys = named(deployments, planned.name()).getSpec().getTemplate().getSpec().getVolumes().stream()
				.filter(volume -> volume.getName().equals("jwt-key"))
				.flatMap(volume -> volume.getSecret().getItems().stream().map(item -> item.getKey())).toList();
			if (planned.modules().contains("identity")) {
				assertThat(tokenKeys).containsExactly("jwt-signing-key.pem");
				assertThat(config.getData()).doesNotContainKey("YUELV_JWT_KEY_FILE");
			}
			else {
				assertThat(tokenKeys).containsExactly("jwt-public-key.pem");
				assertThat(config.getData()).containsEntry("YUELV_JWT_KEY_FILE", "/etc/yuelv/jwt/public-key.pem");
			}
			// and the keys tokens are also verified with while the signing key is rotated, every deployment alike
			var template = named(deployments, planned.name()).getSpec().getTemplate().getSpec();
			assertThat(template.getVolumes().stream().filter(volume -> volume.getConfigMap() != null)
				.map(volume -> volume.getConfigMap().getName())).contains(ManifestWriter.VERIFICATION_KEYS);
			assertThat(template.getContainers().getFirst().getVolumeMounts().stream()
				.map(mount -> mount.getMountPath())).contains("/etc/yuelv/jwt-verification");
			if (deployments.size() > 1) {
				// the split's deployments: each its own key, every deployment's public key
				var spec = named(deployments, planned.name()).getSpec().getTemplate().getSpec();
				assertThat(spec.getVolumes().stream().filter(volume -> volume.getSecret() != null)
					.map(volume -> volume.getSecret().getSecretName())).contains("yuelv-identity-" + planned.name());
				assertThat(spec.getVolumes().stream().filter(volume -> volume.getConfigMap() != null)
					.map(volume -> volume.getConfigMap().getName())).contains("yuelv-peer-keys");
				assertThat(config.getData()).containsEntry("YUELV_SPLIT_IDENTITY_KEY_FILE", "/etc/yuelv/identity/key.pem")
					.containsEntry("YUELV_SPLIT_IDENTITY_PEER_KEYS", "/etc/yuelv/peer-keys");
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
		var edge = EdgeGateway.configuration(topology, routes, priorities, Endpoints.specials("com.yuelv"),
				EdgeGateway.Shape.LOCAL);
		assertThat(edge)
				.contains("use_backend booking if { path_reg ^/api/v1/trips/[^/]+/seats$ }")
				.contains("use_backend core if { path /api/v1/trips } || { path_beg /api/v1/trips/ }")
				.contains("backend booking\n    timeout queue 2000ms\n")
				.contains("    server booking 127.0.0.1:8082\n")
				.contains("    server core 127.0.0.1:8081\n");
		// the exceptions come before the resources: HAProxy takes the first route that matches
		assertThat(edge.indexOf("use_backend booking if { path_reg ^/api/v1/trips/[^/]+/seats$ }"))
				.isLessThan(edge.indexOf("use_backend core if { path /api/v1/trips }"));
	}

	/**
	 * The local edge's priorities, read back from the committed configuration and applied as HAProxy applies them (each
	 * rule whose method and path match sets the priority, so the last one that matches wins; else normal), rank every
	 * operation of the application as its load shedding does.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "off-season", "peak-season" })
	void theEdgeRanksEveryOperationAsTheApplicationDoes(String season) throws IOException {
		var conf = Files.readString(Path.of("deploy/haproxy", season + ".cfg"));
		record Rule(List<String> methods, Pattern path, String priority) {}
		var rules = new ArrayList<Rule>();
		var line = Pattern.compile(
				"^ {4}http-request set-var\\(txn\\.priority\\) str\\((\\w+)\\) if \\{ method ([A-Z ]+) } \\{ path_reg (\\S+) }$",
				Pattern.MULTILINE);
		for (var rule = line.matcher(conf); rule.find();) {
			rules.add(new Rule(List.of(rule.group(2).split(" ")), Pattern.compile(rule.group(3)), rule.group(1)));
		}
		assertThat(rules).extracting(Rule::priority).contains("critical", "sheddable");

		var ranked = 0;
		for (var operation : Endpoints.operations("com.yuelv")) {
			var path = operation.pattern().replaceAll("\\{[^/}]+}", "0c7a3b5e-0000-4000-8000-000000000001");
			var expected = Priority.of(operation.method(), path);
			if (expected == null) {
				continue;
			}
			var methods = operation.method().equals("GET") ? List.of("GET", "HEAD") : List.of(operation.method());
			for (var method : methods) {
				var edge = "normal";
				for (var rule : rules) {
					if (rule.methods().contains(method) && rule.path().matcher(path).find()) {
						edge = rule.priority();
					}
				}
				assertThat(edge).as(method + " " + path).isEqualTo(expected.key());
				ranked++;
			}
		}
		assertThat(ranked).isGreaterThan(20);
		var first = topology(season).deployments().getFirst();
		assertThat(conf).contains("backend %s\n    timeout queue %dms\n".formatted(first.name(),
				first.edge().queueTimeout().toMillis()))
				.contains("    http-request set-var(txn.room) nbsrv,mul(%d)\n".formatted(first.edge().normalQueue()))
				.contains(" maxconn %d\n".formatted(first.edge().slots()));
	}

	/**
	 * Both edge configurations, the local run's and the cluster's, are valid for HAProxy ({@code haproxy -c}), the
	 * cluster's with the variables its pods set.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "off-season", "peak-season" })
	void haproxyTakesBothEdgeConfigurations(String season) throws Exception {
		for (var config : List.of(Path.of("deploy/haproxy", season + ".cfg"),
				Path.of("deploy/overlays", season, "gateway.cfg"))) {
			var check = new ProcessBuilder("haproxy", "-c", "-f", config.toString()).redirectErrorStream(true);
			check.environment().put("POD_NAMESPACE", "yuelv");
			check.environment().put("CLUSTER_DOMAIN", "cluster.local");
			var process = check.start();
			var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("haproxy -c -f %s: %s", config, output).isZero();
			assertThat(output).as("%s", config).doesNotContain("WARNING");
		}
	}

	/**
	 * The priority-queueing gateway: HAProxy's image as a user of its own with the generated configuration, mounted
	 * from the ConfigMap named by its content; it finds each deployment's replicas through a headless Service that
	 * selects that deployment's pods, and lets each replica's slots in, split among its own replicas.
	 */
	private static void gatewayAgreesWithTheTopology(Topology topology, List<HasMetadata> resources,
			Deployment gateway, List<Service> replicas) {
		var pod = gateway.getSpec().getTemplate().getSpec();
		var container = pod.getContainers().getFirst();
		assertThat(container.getImage()).isEqualTo(ManifestWriter.GATEWAY_IMAGE);
		assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(gateway.getSpec().getTemplate().getMetadata().getLabels())
				.containsAllEntriesOf(gateway.getSpec().getSelector().getMatchLabels());
		var configName = pod.getVolumes().getFirst().getConfigMap().getName();
		assertThat(configName).startsWith("yuelv-gateway-");
		var config = named(of(resources, ConfigMap.class), configName).getData().get("haproxy.cfg");
		for (var planned : topology.deployments()) {
			var headless = named(replicas, planned.name() + "-replicas");
			assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
			assertThat(headless.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", planned.name());
			assertThat(config).contains("    server-template %1$s %2$d \"%1$s-replicas.${POD_NAMESPACE}.svc.".formatted(
					planned.name(), planned.replicas().max()))
					.contains("backend %s\n".formatted(planned.name()));
		}
		assertThat(config).contains(" maxconn %d\n".formatted(EdgeGateway.slots(
				topology.deployments().getFirst().edge().slots(), EdgeGateway.Shape.CLUSTER)));
	}

	/**
	 * A deployment that names a canary: its pods run the other version's image with the deployment's configuration and
	 * database role, under a Deployment, Service, autoscaler and headless Service of their own; the route sends the
	 * requests that force the canary by its header there and splits the rest by weight; the gateway has a backend for
	 * it; and the local run starts it, as the deployment, on a port after the others'.
	 */
	@Test
	void aCanaryIsRenderedBesideItsDeployment() throws Exception {
		var peak = topology("peak-season");
		var deployments = new ArrayList<>(peak.deployments());
		var trips = deployments.stream().filter(it -> it.name().equals("trips")).findFirst().orElseThrow();
		deployments.set(deployments.indexOf(trips), new Topology.Deployment(trips.name(), trips.modules(),
				trips.replicas(), trips.resources(), trips.targetCpuUtilization(), trips.settings(), trips.edge(),
				java.util.Optional.of(new Topology.Canary("0.2.0", 10))));
		var topology = new Topology(peak.name(), deployments, peak.localFirstPort());
		new ManifestWriter().write(topology, placement(), EdgeRoutes.of(topology, Endpoints.of("com.yuelv")),
				EdgePriorities.of(Endpoints.operations("com.yuelv")), generated);
		var resources = render(generated.resolve("overlays/peak-season"));

		var canary = named(of(resources, Deployment.class), "trips-canary");
		var container = canary.getSpec().getTemplate().getSpec().getContainers().getFirst();
		assertThat(container.getImage()).isEqualTo(ManifestWriter.IMAGE_REPOSITORY + "-trips:0.2.0");
		assertThat(container.getEnvFrom()).anySatisfy(source -> assertThat(source.getConfigMapRef().getName())
				.isEqualTo("trips-config"));
		assertThat(container.getEnv().getFirst().getValueFrom().getSecretKeyRef().getName()).isEqualTo("yuelv-db-trips");
		assertThat(canary.getSpec().getSelector().getMatchLabels())
				.containsEntry("app.kubernetes.io/component", "trips-canary");
		assertThat(named(of(resources, Deployment.class), "trips").getSpec().getSelector().getMatchLabels())
				.containsEntry("app.kubernetes.io/component", "trips");
		assertThat(named(of(resources, Service.class), "trips-canary").getSpec().getSelector())
				.isEqualTo(canary.getSpec().getSelector().getMatchLabels());
		assertThat(named(of(resources, Service.class), "trips-canary-replicas").getSpec().getClusterIP())
				.isEqualTo("None");
		assertThat(named(of(resources, HorizontalPodAutoscaler.class), "trips-canary").getSpec().getMaxReplicas())
				.isEqualTo(3);

		var rules = of(resources, HTTPRoute.class).getFirst().getSpec().getRules();
		assertThat(rules).anySatisfy(rule -> {
			assertThat(rule.getMatches().getFirst().getPath().getValue()).isEqualTo("/api/v1/trips");
			assertThat(rule.getMatches().getFirst().getHeaders()).singleElement().satisfies(header -> {
				assertThat(header.getName()).isEqualTo("X-Yuelv-Canary");
				assertThat(header.getValue()).isEqualTo("always");
			});
			assertThat(rule.getBackendRefs()).singleElement().satisfies(ref -> assertThat(ref.getName())
					.isEqualTo("trips-canary"));
		});
		assertThat(rules).anySatisfy(rule -> {
			assertThat(rule.getMatches().getFirst().getPath().getValue()).isEqualTo("/api/v1/trips");
			assertThat(rule.getMatches().getFirst().getHeaders()).isNullOrEmpty();
			assertThat(rule.getBackendRefs()).extracting(ref -> ref.getName() + "=" + ref.getWeight())
					.containsExactly("trips=90", "trips-canary=10");
		});

		var gateway = named(of(resources, ConfigMap.class), named(of(resources, Deployment.class), "yuelv-gateway")
				.getSpec().getTemplate().getSpec().getVolumes().getFirst().getConfigMap().getName())
				.getData().get("haproxy.cfg");
		assertThat(gateway).contains("backend trips-canary\n")
				.contains("    server-template trips-canary 3 \"trips-canary-replicas.${POD_NAMESPACE}.svc.")
				.contains("use_backend trips-canary if { path /api/v1/trips } { var(txn.draw) -m int lt 10 }");
		assertThat(Files.readString(generated.resolve("local/peak-season.tsv")))
				.containsPattern("(?m)^trips-canary\t8096\ttrip,booking,geo\t.*\tyuelv_trips\t-Xmx384m\ttrips\t"
						+ "accounts=personal-data:read\\+trip:write,search=trip:read,social=trip:read$");
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
		return render(Path.of("deploy/overlays", season));
	}

	private static List<HasMetadata> render(Path overlay) throws Exception {
		var process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true)
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
