package com.yuelv.build.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import com.yuelv.platform.deployment.PlaceableModules;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the Kubernetes manifests of a topology as Kustomize files: a common base ({@code deploy/base}: the settings
 * every deployment shares) and an overlay per topology ({@code deploy/overlays/<topology>}): per deployment a
 * ConfigMap, Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget, and the edge: an HTTPRoute for a
 * cluster's Gateway API implementation, and the priority-queueing gateway ({@link EdgeGateway}), as HAProxy's
 * Deployment with its generated configuration, which a local run uses too ({@code deploy/haproxy/<topology>.cfg});
 * the local run's plan
 * ({@code deploy/local/<topology>.tsv}); the topology's database roles ({@link DatabaseRoles},
 * {@code deploy/database/<topology>.sql}); and what Prometheus and Grafana need ({@link Monitoring}: a
 * {@code ServiceMonitor} per deployment, the {@code PrometheusRule} in the base, and the dashboards in
 * {@code deploy/grafana/<topology>}). Output is deterministic, so that the committed files can be compared with
 * what the build writes.
 */
public final class ManifestWriter {

	static final String VERSION = "0.1.0-SNAPSHOT";
	static final String IMAGE_REPOSITORY = "registry.yuelv.app/yuelv";
	static final int HTTP_PORT = 8080;
	static final int SERVICE_PORT = 80;
	/** The edge's port in the local run; deployments listen on the ports after it, in the topology's order. */
	static final int LOCAL_EDGE_PORT = 8080;
	/** What the edge tells a client it refuses, as the application's {@code yuelv.overload.retry-after}. */
	static final int EDGE_RETRY_AFTER_SECONDS = 1;
	/** Long enough for the endpoints to drop the pod before it stops taking requests. */
	static final int PRE_STOP_SECONDS = 10;
	/** HAProxy's image, of the version a local run takes from Debian. */
	static final String GATEWAY_IMAGE = "haproxy:2.6";
	/** The user of HAProxy's image. */
	static final int GATEWAY_UID = 99;
	/** The pre-stop pause, Spring's graceful shutdown (30 s) and a margin. */
	static final int TERMINATION_GRACE_SECONDS = 45;

	private final Yaml yaml;
	private final Monitoring monitoring;
	private final Path rules;

	/** A writer whose {@code PrometheusRule} carries {@code deploy/prometheus/rules.yml} of the working directory. */
	public ManifestWriter() {
		this(Path.of("deploy/prometheus/rules.yml"));
	}

	public ManifestWriter(Path rules) {
		this.rules = rules;
		this.monitoring = new Monitoring(new Monitoring.Modules(PlaceableModules.listenersByPublisher(),
				PlaceableModules.callersByCallee()));
		var options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(2);
		options.setIndicatorIndent(2);
		options.setIndentWithIndicator(true);
		options.setWidth(120);
		this.yaml = new Yaml(options);
	}

	/** Writes the base, the topology's overlay, its local edge and the rest below the directory. */
	public void write(Topology topology, DataPlacement placement, List<EdgeRoutes.Route> routes,
			List<EdgePriorities.Rule> priorities, Path deploy) {
		write(deploy.resolve("base/kustomization.yaml"), List.of(kustomization(List.of("common.yaml",
				"monitoring.yaml"))));
		write(deploy.resolve("base/common.yaml"), List.of(common()));
		write(deploy.resolve("base/monitoring.yaml"), List.of(Monitoring.prometheusRule(rules)));
		var overlay = deploy.resolve("overlays/" + topology.name());
		var resources = new ArrayList<String>();
		resources.add("../../base");
		for (var deployment : topology.deployments()) {
			resources.add(deployment.name() + ".yaml");
			var split = topology.deployments().size() > 1;
			var documents = new ArrayList<>(List.of(config(topology, placement, deployment), deployment(deployment, split),
					service(deployment), autoscaler(deployment), disruptionBudget(deployment),
					monitoring.serviceMonitor(deployment, labels(deployment), selector(deployment))));
			deployment.canary().ifPresent(canary -> {
				// the other version: the deployment's configuration and role, pods and a Service of its own, scaled on
				// the same target, and scraped as its own deployment
				var release = canaryOf(deployment);
				documents.addAll(List.of(deployment(release, deployment, canary.version(), split), service(release),
						autoscaler(release), monitoring.serviceMonitor(release, labels(release, canary.version()),
								selector(release))));
			});
			write(overlay.resolve(deployment.name() + ".yaml"), documents);
		}
		resources.add("httproute.yaml");
		resources.add("gateway.yaml");
		var kustomization = kustomization(resources);
		// the gateway's configuration as a ConfigMap whose name carries a hash of its content: a change rolls the
		// gateway's pods
		kustomization.put("configMapGenerator", List.of(map("name", "yuelv-gateway", "files",
				List.of("haproxy.cfg=gateway.cfg"))));
		write(overlay.resolve("kustomization.yaml"), List.of(kustomization));
		write(overlay.resolve("httproute.yaml"), List.of(httpRoute(topology, routes)));
		var specials = Endpoints.specials("com.yuelv");
		write(overlay.resolve("gateway.yaml"), gateway(topology));
		writeText(overlay.resolve("gateway.cfg"), EdgeGateway.configuration(topology, routes, priorities, specials,
				EdgeGateway.Shape.CLUSTER));
		writeText(deploy.resolve("haproxy/" + topology.name() + ".cfg"), EdgeGateway.configuration(topology, routes,
				priorities, specials, EdgeGateway.Shape.LOCAL));
		writeText(deploy.resolve("local/" + topology.name() + ".tsv"), localRun(topology, placement));
		writeText(deploy.resolve("database/" + topology.name() + ".sql"), DatabaseRoles.script(topology, placement));
		monitoring.dashboards(topology).forEach((file, json) -> writeText(
				deploy.resolve("grafana/" + topology.name() + "/" + file), json));
	}

	private Map<String, Object> kustomization(List<String> resources) {
		var kustomization = new LinkedHashMap<String, Object>();
		kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
		kustomization.put("kind", "Kustomization");
		kustomization.put("labels", List.of(map("pairs", map("app.kubernetes.io/part-of", "yuelv"),
				"includeSelectors", false)));
		kustomization.put("resources", resources);
		return kustomization;
	}

	/**
	 * The proxies whose {@code X-Forwarded-For} the replicas believe: the private ranges, where a cluster's pod and node
	 * networks lie, the gateway's among them. Behind the gateway every request comes from one of its pods; without
	 * these, all clients of a gateway pod would share one rate-limit bucket and one login-failure count, and twenty
	 * failed logins by anyone would make every login through that pod wait. The gateway appends the address it was
	 * reached from, so the client is the right-most address outside these ranges, and what a client writes in the
	 * header itself is ignored.
	 */
	private static final String TRUSTED_PROXIES = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7";
	/** The module that signs accounts' access tokens, and so the one deployment holding their private key. */
	private static final String TOKEN_SIGNER = "identity";
	/** Where a deployment of a split finds its own key, and its peers' public keys. */
	private static final String IDENTITY_DIRECTORY = "/etc/yuelv/identity";
	private static final String PEER_KEYS_DIRECTORY = "/etc/yuelv/peer-keys";
	/**
	 * The ConfigMap of the keys access tokens are also verified with while the signing key is rotated, which the
	 * operator creates (docs/security.md), its file, and where pods mount it.
	 */
	static final String VERIFICATION_KEYS = "yuelv-jwt-verification-keys";
	private static final String VERIFICATION_KEYS_FILE = "keys.pem";
	private static final String VERIFICATION_KEYS_DIRECTORY = "/etc/yuelv/jwt-verification";

	private Map<String, Object> common() {
		return resource("v1", "ConfigMap", "yuelv-common", Map.of(), "data", map(
				"SPRING_PROFILES_ACTIVE", "postgres,redis",
				"YUELV_DB_HOST", "postgres",
				"YUELV_DB_PORT", "5432",
				"YUELV_REDIS_URL", "redis://redis:6379",
				"YUELV_RABBITMQ_HOST", "rabbitmq",
				"YUELV_JWT_KEY_FILE", "/etc/yuelv/jwt/signing-key.pem",
				"YUELV_JWT_VERIFICATION_KEYS_FILE", VERIFICATION_KEYS_DIRECTORY + "/" + VERIFICATION_KEYS_FILE,
				"YUELV_KEK_FILE", "/etc/yuelv/keys/kek.bin",
				"YUELV_TRUSTED_PROXIES", TRUSTED_PROXIES,
				// the URL the Gateway serves the API at, by which the API names itself; patch it per installation
				"YUELV_PUBLIC_URL", "https://api.yuelv.app",
				// the web app's origins, whose pages may call the whole API; patch them per installation
				"YUELV_CORS_ALLOWED_ORIGINS", "https://yuelv.app,https://www.yuelv.app"));
	}

	/**
	 * What the deployment is, where each module it does not run lives (the Service of the deployment that does, for its
	 * HTTP clients: {@code yuelv.split.peers.<module>}), and its own settings and the grants it gives the other
	 * deployments ({@code yuelv.split.grants.<deployment>}) as {@code SPRING_APPLICATION_JSON} (whose keys are taken
	 * as they are written, where environment variable names would be bent by relaxed binding).
	 */
	private Map<String, Object> config(Topology topology, DataPlacement placement, Topology.Deployment deployment) {
		var place = placement.placeOf(deployment);
		var data = map(
				"YUELV_SPLIT_DEPLOYMENT", deployment.name(),
				"YUELV_SPLIT_MODULES", String.join(",", deployment.modules()),
				// the database of its modules' schemas, whatever the topology, as the role that may use only those
				"YUELV_DB_NAME", place.database(),
				"YUELV_DB_USER", DataPlacement.roleOf(deployment),
				"YUELV_DB_MIGRATION_USER", placement.owner(),
				// the heap the topology gives it; the rest of the memory limit is what the JVM needs outside it
				"JAVA_TOOL_OPTIONS", deployment.resources().maxHeapOption() + " -XX:+ExitOnOutOfMemoryError");
		if (place.host() != null) {
			// a schema moved to another server: over the common configuration's, since this config map comes later
			data.put("YUELV_DB_HOST", place.host());
			data.put("YUELV_DB_PORT", String.valueOf(place.port() == null ? 5432 : place.port()));
		}
		if (!signsTokens(deployment)) {
			// over the common configuration's: only the public half of the access tokens' key is mounted here
			data.put("YUELV_JWT_KEY_FILE", "/etc/yuelv/jwt/public-key.pem");
		}
		if (topology.deployments().size() > 1) {
			// events between deployments travel through RabbitMQ: its health is the deployment's
			data.put("YUELV_RABBITMQ_HEALTH", "true");
			data.put("YUELV_SPLIT_IDENTITY_KEY_FILE", IDENTITY_DIRECTORY + "/key.pem");
			data.put("YUELV_SPLIT_IDENTITY_PEER_KEYS", PEER_KEYS_DIRECTORY);
		}
		for (var other : topology.deployments()) {
			if (other != deployment) {
				for (var module : other.modules()) {
					data.put("YUELV_SPLIT_PEERS_" + module.toUpperCase(java.util.Locale.ROOT),
							"http://" + other.name() + ":" + SERVICE_PORT);
				}
			}
		}
		var settings = new TreeMap<String, Object>(deployment.settings());
		// what the other deployments may call of this one's internal APIs (PeerGrants)
		PeerGrants.of(topology).getOrDefault(deployment.name(), new TreeMap<>())
			.forEach((caller, scopes) -> settings.put("yuelv.split.grants." + caller, List.copyOf(scopes)));
		if (!settings.isEmpty()) {
			data.put("SPRING_APPLICATION_JSON", JsonMapper.builder().build().writeValueAsString(settings));
		}
		return resource("v1", "ConfigMap", deployment.name() + "-config", labels(deployment), "data", data);
	}

	private Map<String, Object> deployment(Topology.Deployment deployment, boolean split) {
		return deployment(deployment, deployment, VERSION, split);
	}

	/**
	 * The Deployment of {@code deployment}'s pods, which run {@code of}'s image at the version, with {@code of}'s
	 * configuration, database role and, in a split, identity among its peers: {@code of} itself, or a canary of it.
	 */
	private Map<String, Object> deployment(Topology.Deployment deployment, Topology.Deployment of, String version,
			boolean split) {
		var container = new LinkedHashMap<String, Object>();
		container.put("name", "app");
		container.put("image", IMAGE_REPOSITORY + "-" + of.name() + ":" + version);
		container.put("ports", List.of(map("name", "http", "containerPort", HTTP_PORT)));
		// yuelv-secrets (created by the operator, not generated): YUELV_PAGE_TOKEN_SECRET, the access tokens' key
		// (whole for the deployment that signs them, its public half for the others), and
		// YUELV_DB_MIGRATION_PASSWORD, the owner role's
		container.put("envFrom", List.of(map("configMapRef", map("name", "yuelv-common")),
				map("configMapRef", map("name", of.name() + "-config")),
				map("secretRef", map("name", "yuelv-secrets"))));
		// the password of the deployment's own database role (deploy/database/<topology>.sql), from its own secret
		container.put("env", List.of(map("name", "YUELV_DB_PASSWORD", "valueFrom", map("secretKeyRef",
				map("name", "yuelv-db-" + of.name(), "key", "password")))));
		var mounts = new ArrayList<>(List.of(map("name", "jwt-key", "mountPath", "/etc/yuelv/jwt",
				"readOnly", true), map("name", "kek", "mountPath", "/etc/yuelv/keys", "readOnly", true),
				map("name", "jwt-verification-keys", "mountPath", VERIFICATION_KEYS_DIRECTORY, "readOnly", true),
				map("name", "tmp", "mountPath", "/tmp"), map("name", "data", "mountPath", "/app/data")));
		if (split) {
			mounts.add(map("name", "identity", "mountPath", IDENTITY_DIRECTORY, "readOnly", true));
			mounts.add(map("name", "peer-keys", "mountPath", PEER_KEYS_DIRECTORY, "readOnly", true));
		}
		container.put("volumeMounts", mounts);
		container.put("resources", map(
				"requests", map("cpu", deployment.resources().requests().cpu(), "memory",
						deployment.resources().requests().memory()),
				"limits", map("cpu", deployment.resources().limits().cpu(), "memory",
						deployment.resources().limits().memory())));
		container.put("startupProbe", probe("/actuator/health/liveness", 2, 60));
		container.put("livenessProbe", probe("/actuator/health/liveness", 10, 3));
		container.put("readinessProbe", probe("/actuator/health/readiness", 5, 3));
		// the kubelet's own sleep (Kubernetes 1.30 and later): the image has no shell to run one
		container.put("lifecycle", map("preStop", map("sleep", map("seconds", PRE_STOP_SECONDS))));
		// the image's user (deploy/image/runtime.sh), no privileges to gain, a root file system nobody writes: the
		// JVM's temporary files and the data directory are volumes of the pod's own
		container.put("securityContext", map("runAsNonRoot", true, "runAsUser", DeploymentImages.UID,
				"runAsGroup", DeploymentImages.UID,
				"allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
				"capabilities", map("drop", List.of("ALL"))));
		var pod = new LinkedHashMap<String, Object>();
		pod.put("terminationGracePeriodSeconds", TERMINATION_GRACE_SECONDS);
		pod.put("securityContext", map("seccompProfile", map("type", "RuntimeDefault")));
		pod.put("containers", List.of(container));
		// the key-encryption key of the modules' data keys, which every replica of every deployment shares too
		// the access tokens' key: whole only where they are signed, its public half wherever they are only verified
		var tokenKey = signsTokens(of) ? map("key", "jwt-signing-key.pem", "path", "signing-key.pem")
				: map("key", "jwt-public-key.pem", "path", "public-key.pem");
		var volumes = new ArrayList<>(List.of(map("name", "jwt-key", "secret", map("secretName", "yuelv-secrets",
				"items", List.of(tokenKey))),
				map("name", "kek", "secret", map("secretName", "yuelv-secrets", "items",
						List.of(map("key", "key-encryption-key.bin", "path", "kek.bin")))),
				// the keys tokens are also verified with during a rotation: the operator's, and only while it lasts, so
				// that applying the manifests never empties it
				map("name", "jwt-verification-keys", "configMap", map("name", VERIFICATION_KEYS, "optional", true)),
				map("name", "tmp", "emptyDir", map()), map("name", "data", "emptyDir", map())));
		if (split) {
			// the deployment's own key, which only its pods (and its canary's) mount, and every deployment's public
			// key, by which it believes its peers: both created by the operator (docs/security.md), not generated
			volumes.add(map("name", "identity", "secret", map("secretName", "yuelv-identity-" + of.name(),
					"items", List.of(map("key", "key.pem", "path", "key.pem")))));
			volumes.add(map("name", "peer-keys", "configMap", map("name", "yuelv-peer-keys")));
		}
		pod.put("volumes", volumes);
		return resource("apps/v1", "Deployment", deployment.name(), labels(deployment, version), "spec", map(
				"replicas", deployment.replicas().min(),
				"selector", map("matchLabels", selector(deployment)),
				"template", map("metadata", map("labels", labels(deployment, version)), "spec", pod)));
	}

	/** Whether the deployment signs accounts' access tokens: whether it runs identity. */
	private static boolean signsTokens(Topology.Deployment deployment) {
		return deployment.modules().contains(TOKEN_SIGNER);
	}

	private static Map<String, Object> probe(String path, int periodSeconds, int failureThreshold) {
		return map("httpGet", map("path", path, "port", "http"), "periodSeconds", periodSeconds,
				"failureThreshold", failureThreshold);
	}

	private Map<String, Object> service(Topology.Deployment deployment) {
		return resource("v1", "Service", deployment.name(), labels(deployment), "spec", map(
				"selector", selector(deployment),
				"ports", List.of(map("name", "http", "port", SERVICE_PORT, "targetPort", "http"))));
	}

	private Map<String, Object> autoscaler(Topology.Deployment deployment) {
		return resource("autoscaling/v2", "HorizontalPodAutoscaler", deployment.name(), labels(deployment), "spec",
				map("scaleTargetRef", map("apiVersion", "apps/v1", "kind", "Deployment", "name", deployment.name()),
						"minReplicas", deployment.replicas().min(),
						"maxReplicas", deployment.replicas().max(),
						"metrics", List.of(map("type", "Resource", "resource", map("name", "cpu", "target",
								map("type", "Utilization", "averageUtilization",
										deployment.targetCpuUtilization()))))));
	}

	private Map<String, Object> disruptionBudget(Topology.Deployment deployment) {
		return resource("policy/v1", "PodDisruptionBudget", deployment.name(), labels(deployment), "spec",
				map("maxUnavailable", 1, "selector", map("matchLabels", selector(deployment))));
	}

	/**
	 * The one path a route's regular expression matches, when it has no variable segment ({@code ^/api/v1/me$}): such a
	 * route is an exact match, which wins over any prefix at every edge, where the precedence of regular expressions
	 * differs between implementations.
	 */
	static @Nullable String exactPath(EdgeRoutes.Route route) {
		var path = route.path();
		if (!route.regex() || !path.startsWith("^") || !path.endsWith("$") || path.contains("[")) {
			return null;
		}
		return path.substring(1, path.length() - 1);
	}

	private Map<String, Object> httpRoute(Topology topology, List<EdgeRoutes.Route> routes) {
		var rules = new ArrayList<Map<String, Object>>();
		for (var route : routes) {
			var path = exactPath(route) != null ? map("type", "Exact", "value", exactPath(route))
					: map("type", route.regex() ? "RegularExpression" : "PathPrefix", "value", route.path());
			var deployment = topology.deployments().stream()
					.filter(candidate -> candidate.name().equals(route.deployment())).findFirst().orElseThrow();
			if (deployment.canary().isEmpty()) {
				rules.add(map("matches", List.of(map("path", path)),
						"backendRefs", List.of(map("name", route.deployment(), "port", SERVICE_PORT))));
				continue;
			}
			// a canary: forced by the header, else its weight's share; a match with a header wins over one without
			var weight = deployment.canary().get().weight();
			rules.add(map("matches", List.of(map("path", path, "headers", List.of(map("name",
					EdgeGateway.CANARY_HEADER, "value", "always")))),
					"backendRefs", List.of(map("name", deployment.canaryName(), "port", SERVICE_PORT))));
			rules.add(map("matches", List.of(map("path", path)),
					"backendRefs", List.of(map("name", route.deployment(), "port", SERVICE_PORT, "weight", 100 - weight),
							map("name", deployment.canaryName(), "port", SERVICE_PORT, "weight", weight))));
		}
		return resource("gateway.networking.k8s.io/v1", "HTTPRoute", "yuelv", Map.of(), "spec", map(
				"parentRefs", List.of(map("name", "yuelv-edge")),
				"rules", rules));
	}


	/**
	 * The local run's plan, read by {@code deploy/local/split.sh}: per process (each deployment, and its canary if it has
	 * one) its port (as in the local edge's servers), its modules, where each module it does not run listens, its
	 * database, role and heap, the deployment it runs as, and the scopes of its internal APIs each other deployment
	 * is granted ({@link PeerGrants}: {@code search=trip:read+identity:read}, or {@code -} for none).
	 */
	static String localRun(Topology topology, DataPlacement placement) {
		var text = new StringBuilder("# Local run of topology " + topology.name() + "; generated by ./mvnw -Psplit from "
				+ "split-config/" + topology.name() + ".yaml and split-config/data.yaml\n"
				+ "# process\tport\tmodules\tpeers\tdatabase\trole\theap\tdeployment\tgrants\n");
		var grants = PeerGrants.of(topology);
		for (var deployment : topology.deployments()) {
			var given = new ArrayList<String>();
			grants.getOrDefault(deployment.name(), new java.util.TreeMap<>()).forEach((caller, scopes) -> given
				.add(caller + "=" + String.join("+", scopes)));
			var peers = new ArrayList<String>();
			for (var other : topology.deployments()) {
				if (other != deployment) {
					for (var module : other.modules()) {
						peers.add(module + "=http://127.0.0.1:" + topology.localPort(other));
					}
				}
			}
			var line = "\t" + String.join(",", deployment.modules()) + "\t"
					+ (peers.isEmpty() ? "-" : String.join(",", peers)) + "\t" + placement.databaseOf(deployment)
					+ "\t" + DataPlacement.roleOf(deployment) + "\t" + deployment.resources().maxHeapOption() + "\t"
					+ deployment.name() + "\t" + (given.isEmpty() ? "-" : String.join(",", given)) + "\n";
			text.append(deployment.name()).append('\t').append(topology.localPort(deployment)).append(line);
			if (deployment.canary().isPresent()) {
				// the canary runs as the deployment (its name, role, peers and traffic settings), on a port of its own
				text.append(deployment.canaryName()).append('\t').append(topology.localCanaryPort(deployment))
						.append(line);
			}
		}
		return text.toString();
	}

	/**
	 * The priority-queueing gateway ({@link EdgeGateway}) for clusters without a Gateway API implementation, or in front
	 * of one: HAProxy's image with the generated configuration, which finds each deployment's replicas through a
	 * headless Service of its own; and that Service per deployment. The image stops softly on its stop signal
	 * (SIGUSR1): requests in flight finish.
	 */
	private List<Map<String, Object>> gateway(Topology topology) {
		var documents = new ArrayList<Map<String, Object>>();
		for (var deployment : topology.deployments()) {
			var workloads = new ArrayList<>(List.of(deployment));
			deployment.canary().ifPresent(canary -> workloads.add(canaryOf(deployment)));
			for (var workload : workloads) {
				documents.add(resource("v1", "Service", workload.name() + "-replicas", labels(workload), "spec", map(
						"clusterIP", "None",
						"selector", selector(workload),
						"ports", List.of(map("name", "http", "port", HTTP_PORT, "targetPort", "http")))));
			}
		}
		// one gateway whatever the shape, like the route: applying the other shape's overlay changes its configuration,
		// which rolls its pods over to the other shape's deployments
		var labels = map("app.kubernetes.io/name", "yuelv-gateway", "app.kubernetes.io/version", VERSION);
		var selector = map("app.kubernetes.io/name", "yuelv-gateway");
		var container = new LinkedHashMap<String, Object>();
		container.put("name", "haproxy");
		container.put("image", GATEWAY_IMAGE);
		container.put("args", List.of("-f", "/usr/local/etc/haproxy/haproxy.cfg"));
		container.put("env", List.of(
				map("name", "POD_NAMESPACE", "valueFrom", map("fieldRef", map("fieldPath", "metadata.namespace"))),
				map("name", "CLUSTER_DOMAIN", "value", "cluster.local")));
		container.put("ports", List.of(map("name", "http", "containerPort", HTTP_PORT),
				map("name", "health", "containerPort", EdgeGateway.HEALTH_PORT)));
		container.put("volumeMounts", List.of(map("name", "config", "mountPath", "/usr/local/etc/haproxy",
				"readOnly", true)));
		// the public reads' cache (256 MB) is in memory
		container.put("resources", map("requests", map("cpu", "250m", "memory", "384Mi"),
				"limits", map("cpu", "1", "memory", "512Mi")));
		container.put("readinessProbe", map("httpGet", map("path", EdgeGateway.HEALTH_PATH, "port", "health"),
				"periodSeconds", 5, "failureThreshold", 2));
		container.put("livenessProbe", map("httpGet", map("path", EdgeGateway.HEALTH_PATH, "port", "health"),
				"periodSeconds", 10, "failureThreshold", 3));
		container.put("lifecycle", map("preStop", map("sleep", map("seconds", PRE_STOP_SECONDS))));
		// the image's own user, haproxy (99)
		container.put("securityContext", map("runAsNonRoot", true, "runAsUser", GATEWAY_UID, "runAsGroup",
				GATEWAY_UID, "allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
				"capabilities", map("drop", List.of("ALL"))));
		var pod = new LinkedHashMap<String, Object>();
		pod.put("terminationGracePeriodSeconds", TERMINATION_GRACE_SECONDS);
		pod.put("securityContext", map("seccompProfile", map("type", "RuntimeDefault")));
		pod.put("containers", List.of(container));
		pod.put("volumes", List.of(map("name", "config", "configMap", map("name", "yuelv-gateway"))));
		documents.add(resource("apps/v1", "Deployment", "yuelv-gateway", labels, "spec", map(
				"replicas", EdgeGateway.CLUSTER_REPLICAS,
				"selector", map("matchLabels", selector),
				"template", map("metadata", map("labels", labels), "spec", pod))));
		documents.add(resource("v1", "Service", "yuelv-gateway", labels, "spec", map(
				"type", "LoadBalancer",
				"selector", selector,
				"ports", List.of(map("name", "http", "port", SERVICE_PORT, "targetPort", "http")))));
		documents.add(resource("policy/v1", "PodDisruptionBudget", "yuelv-gateway", labels, "spec",
				map("maxUnavailable", 1, "selector", map("matchLabels", selector))));
		return documents;
	}

	private static Map<String, Object> labels(Topology.Deployment deployment) {
		return labels(deployment, VERSION);
	}

	private static Map<String, Object> labels(Topology.Deployment deployment, String version) {
		return map("app.kubernetes.io/name", "yuelv", "app.kubernetes.io/component", deployment.name(),
				"app.kubernetes.io/version", version);
	}

	/**
	 * A deployment's canary as a deployment of its own, for its workload: named {@code <deployment>-canary}, from one
	 * replica to its share of the deployment's most.
	 */
	static Topology.Deployment canaryOf(Topology.Deployment deployment) {
		return new Topology.Deployment(deployment.canaryName(), deployment.modules(),
				new Topology.Replicas(1, deployment.canaryMaxReplicas()), deployment.resources(),
				deployment.targetCpuUtilization(), deployment.settings(), deployment.edge());
	}

	private static Map<String, Object> selector(Topology.Deployment deployment) {
		return map("app.kubernetes.io/name", "yuelv", "app.kubernetes.io/component", deployment.name());
	}

	private static Map<String, Object> resource(String apiVersion, String kind, String name,
			Map<String, Object> labels, String bodyKey, Object body) {
		var resource = new LinkedHashMap<String, Object>();
		resource.put("apiVersion", apiVersion);
		resource.put("kind", kind);
		var metadata = new LinkedHashMap<String, Object>();
		metadata.put("name", name);
		if (!labels.isEmpty()) {
			metadata.put("labels", labels);
		}
		resource.put("metadata", metadata);
		resource.put(bodyKey, body);
		return resource;
	}

	/** An ordered map of key and value pairs. */
	private static Map<String, Object> map(Object... keysAndValues) {
		var map = new LinkedHashMap<String, Object>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private void write(Path file, List<Map<String, Object>> documents) {
		var text = new StringBuilder("# Generated by ./mvnw -Psplit from split-config/; do not edit.\n");
		for (var document : documents) {
			text.append("---\n").append(yaml.dump(document));
		}
		writeText(file, text.toString());
	}

	private static void writeText(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write " + file, e);
		}
	}
}
