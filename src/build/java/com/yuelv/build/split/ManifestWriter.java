package com.yuelv.build.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import com.yuelv.platform.deployment.PlaceableModules;
import com.yuelv.platform.overload.Priority;
import com.yuelv.platform.web.ProblemTypes;
import com.yuelv.platform.web.PublicReads;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the Kubernetes manifests of a topology as Kustomize files: a common base ({@code deploy/base}: the settings
 * every deployment shares) and an overlay per topology ({@code deploy/overlays/<topology>}): per deployment a
 * ConfigMap, Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget, and the edge's HTTPRoute; plus the
 * same routing as an nginx configuration for a local run ({@code deploy/nginx/<topology>.conf}), which also caps the
 * requests of each priority in flight to each deployment ({@link Topology.EdgeLimits}); the local run's plan
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

	/** Writes the base, the topology's overlay and its nginx configuration below the directory. */
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
			write(overlay.resolve(deployment.name() + ".yaml"), List.of(config(topology, placement, deployment),
					deployment(deployment),
					service(deployment), autoscaler(deployment), disruptionBudget(deployment),
					monitoring.serviceMonitor(deployment, labels(deployment), selector(deployment))));
		}
		resources.add("httproute.yaml");
		write(overlay.resolve("kustomization.yaml"), List.of(kustomization(resources)));
		write(overlay.resolve("httproute.yaml"), List.of(httpRoute(topology, routes)));
		writeText(deploy.resolve("nginx/" + topology.name() + ".conf"), nginx(topology, routes, priorities));
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

	private Map<String, Object> common() {
		return resource("v1", "ConfigMap", "yuelv-common", Map.of(), "data", map(
				"SPRING_PROFILES_ACTIVE", "postgres,redis",
				"YUELV_DB_HOST", "postgres",
				"YUELV_DB_PORT", "5432",
				"YUELV_REDIS_URL", "redis://redis:6379",
				"YUELV_RABBITMQ_HOST", "rabbitmq",
				"YUELV_JWT_KEY_FILE", "/etc/yuelv/jwt/signing-key.pem",
				"YUELV_TRUSTED_PROXIES", TRUSTED_PROXIES,
				// the URL the Gateway serves the API at, by which the API names itself; patch it per installation
				"YUELV_PUBLIC_URL", "https://api.yuelv.app"));
	}

	/**
	 * What the deployment is, where each module it does not run lives (the Service of the deployment that does, for its
	 * HTTP clients: {@code yuelv.split.peers.<module>}), and its own settings as {@code SPRING_APPLICATION_JSON} (whose
	 * keys are taken as they are written, where environment variable names would be bent by relaxed binding).
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
		if (topology.deployments().size() > 1) {
			// events between deployments travel through RabbitMQ: its health is the deployment's
			data.put("YUELV_RABBITMQ_HEALTH", "true");
		}
		for (var other : topology.deployments()) {
			if (other != deployment) {
				for (var module : other.modules()) {
					data.put("YUELV_SPLIT_PEERS_" + module.toUpperCase(java.util.Locale.ROOT),
							"http://" + other.name() + ":" + SERVICE_PORT);
				}
			}
		}
		if (!deployment.settings().isEmpty()) {
			data.put("SPRING_APPLICATION_JSON", JsonMapper.builder().build().writeValueAsString(deployment.settings()));
		}
		return resource("v1", "ConfigMap", deployment.name() + "-config", labels(deployment), "data", data);
	}

	private Map<String, Object> deployment(Topology.Deployment deployment) {
		var container = new LinkedHashMap<String, Object>();
		container.put("name", "app");
		container.put("image", IMAGE_REPOSITORY + "-" + deployment.name() + ":" + VERSION);
		container.put("ports", List.of(map("name", "http", "containerPort", HTTP_PORT)));
		// yuelv-secrets (created by the operator, not generated): YUELV_PAGE_TOKEN_SECRET and the JWT signing key,
		// which every replica of every deployment must share, and YUELV_DB_MIGRATION_PASSWORD, the owner role's
		container.put("envFrom", List.of(map("configMapRef", map("name", "yuelv-common")),
				map("configMapRef", map("name", deployment.name() + "-config")),
				map("secretRef", map("name", "yuelv-secrets"))));
		// the password of the deployment's own database role (deploy/database/<topology>.sql), from its own secret
		container.put("env", List.of(map("name", "YUELV_DB_PASSWORD", "valueFrom", map("secretKeyRef",
				map("name", "yuelv-db-" + deployment.name(), "key", "password")))));
		container.put("volumeMounts", List.of(map("name", "jwt-key", "mountPath", "/etc/yuelv/jwt",
				"readOnly", true), map("name", "tmp", "mountPath", "/tmp"), map("name", "data", "mountPath",
				"/app/data")));
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
		pod.put("volumes", List.of(map("name", "jwt-key", "secret", map("secretName", "yuelv-secrets", "items",
				List.of(map("key", "jwt-signing-key.pem", "path", "signing-key.pem")))),
				map("name", "tmp", "emptyDir", map()), map("name", "data", "emptyDir", map())));
		return resource("apps/v1", "Deployment", deployment.name(), labels(deployment), "spec", map(
				"replicas", deployment.replicas().min(),
				"selector", map("matchLabels", selector(deployment)),
				"template", map("metadata", map("labels", labels(deployment)), "spec", pod)));
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
		var rules = routes.stream().map(route -> map(
				"matches", List.of(map("path", exactPath(route) != null ? map("type", "Exact", "value", exactPath(route))
						: map("type", route.regex() ? "RegularExpression" : "PathPrefix", "value", route.path()))),
				"backendRefs", List.of(map("name", route.deployment(), "port", 80)))).toList();
		return resource("gateway.networking.k8s.io/v1", "HTTPRoute", "yuelv", Map.of(), "spec", map(
				"parentRefs", List.of(map("name", "yuelv-edge")),
				"rules", rules));
	}

	/**
	 * The local run's edge: each deployment on localhost, in the topology's order after the edge's own port. A
	 * deployment's requests of one priority class share a count of requests in flight ({@code limit_conn}, over all of
	 * nginx's workers), capped at the deployment's {@link Topology.EdgeLimits} of the class. A request that finds no
	 * room is answered by the edge with the 503 problem and {@code Retry-After} the application sheds with, which costs
	 * the deployment nothing, and is logged at {@code info} only: in a surge there are thousands per second.
	 */
	static String nginx(Topology topology, List<EdgeRoutes.Route> routes, List<EdgePriorities.Rule> priorities) {
		var text = new StringBuilder("# Edge routing of topology " + topology.name()
				+ " for a local run; generated by ./mvnw -Psplit from split-config/" + topology.name() + ".yaml\n");
		text.append("# each request's priority, as the application's load shedding ranks it\n")
				.append("map \"$request_method $uri\" $yuelv_priority {\n    default normal;\n");
		for (var rule : priorities) {
			text.append("    \"~^").append(rule.method()).append(' ').append(rule.path(), 1, rule.path().length())
					.append("\" ").append(rule.priority().key()).append(";\n");
		}
		text.append("}\n");
		text.append("# the key of each class's count of requests in flight: empty, not counted, for the others\n");
		for (var priority : Priority.values()) {
			text.append("map $yuelv_priority $yuelv_").append(priority.key()).append(" {\n    ")
					.append(priority.key()).append(' ').append(priority.key()).append(";\n    default \"\";\n}\n");
		}
		text.append("""
				# the trace of each request: the caller's W3C traceparent, or one the edge begins with its request id as
				# the trace id, sampled for about one request in ten (the deployments follow the edge's decision)
				map $request_id $yuelv_edge_span {
				    "~^(?<span>[0-9a-f]{16})" $span;
				}
				map $request_id $yuelv_edge_sampled {
				    "~(0[0-9a-f]|1[0-9])$" 01;
				    default 00;
				}
				map $http_traceparent $yuelv_traceparent {
				    "~^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$" $http_traceparent;
				    default "00-$request_id-$yuelv_edge_span-$yuelv_edge_sampled";
				}
				map $yuelv_traceparent $yuelv_trace_id {
				    "~^00-(?<trace>[0-9a-f]{32})-" $trace;
				}
				""");
		text.append("""
				# the public reads the edge keeps, for as long as their answers say (Cache-Control: public, max-age and
				# stale-while-revalidate; a stale answer is served once while one request fetches the new one); every
				# other request passes through untouched, whatever its answer says
				proxy_cache_path edge-cache levels=1:2 keys_zone=yuelv_edge:10m max_size=256m inactive=10m \
				use_temp_path=off;
				map "$request_method $uri" $yuelv_not_kept {
				    default 1;
				""");
		for (var path : PublicReads.PATHS) {
			var regex = EdgeRoutes.regex(path).replace("/**", "/.+");
			text.append("    \"~^(GET|HEAD) ").append(regex, 1, regex.length()).append("\" 0;\n");
		}
		text.append("}\n");
		for (var deployment : topology.deployments()) {
			for (var priority : Priority.values()) {
				text.append("limit_conn_zone $yuelv_").append(priority.key()).append(" zone=")
						.append(inFlight(deployment, priority)).append(":256k;\n");
			}
			// max_fails=0: a deployment that failed is still tried by every request, never taken for down a while
			text.append("upstream ").append(deployment.name()).append(" { server 127.0.0.1:")
					.append(localPort(topology, deployment)).append(" max_fails=0; keepalive 32; }\n");
		}
		text.append("server {\n    listen ").append(LOCAL_EDGE_PORT).append(";\n")
				.append("    client_max_body_size 64k;\n")
				.append("    proxy_http_version 1.1;\n")
				.append("    proxy_set_header Connection \"\";\n")
				.append("    proxy_set_header Host $host;\n")
				.append("    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n")
				.append("    proxy_set_header traceparent $yuelv_traceparent;\n")
				.append("    proxy_cache yuelv_edge;\n")
				.append("    proxy_cache_bypass $yuelv_not_kept;\n")
				.append("    proxy_no_cache $yuelv_not_kept;\n")
				.append("    proxy_cache_background_update on;\n")
				.append("    proxy_cache_lock on;\n")
				.append("    proxy_cache_revalidate on;\n")
				.append("    add_header X-Yuelv-Edge-Cache $upstream_cache_status always;\n")
				.append("    # no room under the cap of the request's class\n")
				.append("    limit_conn_status 503;\n")
				.append("    limit_conn_log_level info;\n")
				.append("    error_page 503 = @overloaded;\n")
				.append("    # the deployment cannot be reached\n")
				.append("    error_page 502 = @unavailable;\n")
				.append("    # what nginx refuses itself: a body over the limit, a request it cannot read\n")
				.append("    error_page 413 = @payload-too-large;\n")
				.append("    error_page 400 = @malformed-request;\n")
				.append("    # what failed in the edge itself (its cache cannot be written, say)\n")
				.append("    error_page 500 = @edge-failure;\n");
		refusal(text, "overloaded", "The service is overloaded and sheds $yuelv_priority requests for now; retry "
				+ "after the time in Retry-After.");
		refusal(text, "unavailable", "The service cannot be reached for now; retry after the time in Retry-After.");
		problem(text, "@payload-too-large", 413, "Content Too Large", "payload-too-large",
				"The request body is larger than the 65536 bytes this API accepts.");
		problem(text, "@malformed-request", 400, "Bad Request", "malformed-request", "The request cannot be read.");
		problem(text, "@edge-failure", 500, "Internal Server Error", "internal", "The request failed on our side.");
		// a path no deployment serves (the actuator, say, which each deployment keeps to itself)
		problem(text, "/", 404, "Not Found", "not-found", "There is nothing at this path.");
		var specials = Endpoints.specials("com.yuelv");
		for (var special : specials) {
			topology.hostOf(special.module()).ifPresent(deployment -> special(text, special, deployment));
		}
		for (var route : routes) {
			var deployment = topology.deployments().stream()
					.filter(candidate -> candidate.name().equals(route.deployment())).findFirst().orElseThrow();
			if (route.regex()) {
				var exact = exactPath(route);
				location(text, exact == null ? "~ " + route.path() : "= " + exact, deployment);
			}
			else {
				// by whole path segments, as an HTTPRoute prefix matches: /api/v1/me, not /api/v1/members; unless
				// the path itself is another deployment's or an upload's or a stream's, which has it exactly
				if (specials.stream().noneMatch(special -> special.pattern().equals(route.path()))
						&& routes.stream().noneMatch(other -> route.path().equals(exactPath(other)))) {
					location(text, "= " + route.path(), deployment);
				}
				location(text, route.path() + "/", deployment);
			}
		}
		return text.append("}\n").toString();
	}

	/** An answer of the edge's own, as a problem of the API's. */
	private static void problem(StringBuilder text, String location, int status, String title, String type,
			String detail) {
		text.append("    location ").append(location).append(" {\n")
				.append("        default_type application/problem+json;\n")
				.append("        return ").append(status).append(" '{\"type\":\"").append(ProblemTypes.BASE).append(type)
				.append("\",\"title\":\"").append(title).append("\",\"status\":").append(status)
				.append(",\"detail\":\"").append(detail).append("\",\"traceId\":\"$yuelv_trace_id\"}';\n")
				.append("    }\n");
	}

	/** The name of the count of a deployment's requests of a class in flight. */
	private static String inFlight(Topology.Deployment deployment, Priority priority) {
		return deployment.name() + "_" + priority.key();
	}

	/** The edge's own answer: the 503 problem {@code type} with {@code Retry-After}. */
	private static void refusal(StringBuilder text, String type, String detail) {
		text.append("    location @").append(type).append(" {\n")
				.append("        default_type application/problem+json;\n")
				.append("        add_header Retry-After ").append(EDGE_RETRY_AFTER_SECONDS).append(" always;\n")
				.append("        return 503 '{\"type\":\"").append(ProblemTypes.BASE).append(type)
				.append("\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"").append(detail)
				.append("\",\"traceId\":\"$yuelv_trace_id\"}';\n")
				.append("    }\n");
	}

	/**
	 * The local run's plan, read by {@code deploy/local/split.sh}: per deployment its port (as in the nginx upstreams),
	 * its modules, and where each module it does not run listens.
	 */
	static String localRun(Topology topology, DataPlacement placement) {
		var text = new StringBuilder("# Local run of topology " + topology.name() + "; generated by ./mvnw -Psplit from "
				+ "split-config/" + topology.name() + ".yaml and split-config/data.yaml\n"
				+ "# deployment\tport\tmodules\tpeers\tdatabase\trole\theap\n");
		for (var deployment : topology.deployments()) {
			var peers = new ArrayList<String>();
			for (var other : topology.deployments()) {
				if (other != deployment) {
					for (var module : other.modules()) {
						peers.add(module + "=http://127.0.0.1:" + localPort(topology, other));
					}
				}
			}
			text.append(deployment.name()).append('\t').append(localPort(topology, deployment)).append('\t')
					.append(String.join(",", deployment.modules())).append('\t')
					.append(peers.isEmpty() ? "-" : String.join(",", peers)).append('\t')
					.append(placement.databaseOf(deployment)).append('\t').append(DataPlacement.roleOf(deployment))
					.append('\t').append(deployment.resources().maxHeapOption()).append('\n');
		}
		return text.toString();
	}

	private static int localPort(Topology topology, Topology.Deployment deployment) {
		return topology.localFirstPort() + topology.deployments().indexOf(deployment);
	}

	/**
	 * An upload's path takes bodies up to the application's limit for it ({@code yuelv.uploads}); a stream's is not
	 * counted in flight (it stays open for minutes; the application limits how often one connects) nor buffered, and
	 * may be idle between the heartbeats.
	 */
	private static void special(StringBuilder text, Endpoints.Special special, Topology.Deployment deployment) {
		var match = special.pattern().contains("{") ? "~ " + EdgeRoutes.regex(special.pattern())
				: "= " + special.pattern();
		switch (special.kind()) {
			case UPLOAD -> {
				text.append("    location ").append(match).append(" { client_max_body_size ")
						.append(UploadLimits.of(special.pattern()).toKilobytes()).append("k;");
				for (var priority : Priority.values()) {
					text.append(" limit_conn ").append(inFlight(deployment, priority)).append(' ')
							.append(deployment.edge().of(priority)).append(';');
				}
				text.append(" proxy_pass http://").append(deployment.name()).append("; }\n");
			}
			case STREAM -> text.append("    location ").append(match)
					.append(" { proxy_buffering off; proxy_read_timeout 1h; proxy_pass http://")
					.append(deployment.name()).append("; }\n");
		}
	}

	private static void location(StringBuilder text, String match, Topology.Deployment deployment) {
		text.append("    location ").append(match).append(" {");
		for (var priority : Priority.values()) {
			text.append(" limit_conn ").append(inFlight(deployment, priority)).append(' ')
					.append(deployment.edge().of(priority)).append(';');
		}
		text.append(" proxy_pass http://").append(deployment.name()).append("; }\n");
	}

	private static Map<String, Object> labels(Topology.Deployment deployment) {
		return map("app.kubernetes.io/name", "yuelv", "app.kubernetes.io/component", deployment.name(),
				"app.kubernetes.io/version", VERSION);
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
