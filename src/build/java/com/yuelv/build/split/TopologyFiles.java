package com.yuelv.build.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import com.yuelv.platform.deployment.PlaceableModules;

/**
 * Reads and checks topology files. Every rule broken is reported, each naming its entry
 * ({@code deployments[1] (trips).modules[0]}): a module in two deployments or in none, an unknown module, an empty
 * deployment, a name that is not a DNS label, replica bounds, resources, scaling targets and edge limits out of range,
 * and keys the format does not know.
 */
public final class TopologyFiles {

	/** RFC 1123 label, as Kubernetes requires for Deployment and Service names. */
	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
	private static final Pattern CPU = Pattern.compile("(\\d+(\\.\\d+)?)(m?)");
	private static final Pattern MEMORY = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti)?");
	private static final Pattern HEAP = Pattern.compile("\\d{1,6}(Mi|Gi)");
	private static final long MIN_HEAP = 128L << 20;
	/**
	 * What a deployment's JVM commits outside its heap, at least: classes, compiled code, thread stacks, the
	 * collector's structures and buffers measured 248 to 281 MiB after the end-to-end scenario
	 * ({@code bench/split/memory.sh}); a limit below heap and this would have the container killed.
	 */
	static final long OUTSIDE_HEAP = 320L << 20;
	private static final Set<String> TOP_KEYS = Set.of("name", "deployments", "local-first-port");
	private static final Set<String> DEPLOYMENT_KEYS = Set.of("name", "modules", "replicas", "resources", "scaling",
			"settings", "edge", "canary");
	/**
	 * Properties every deployment shares, from the common ConfigMap or the operator's secrets: a deployment setting
	 * one of its own would quietly split what must be one (say, the key that signs tokens).
	 */
	private static final List<String> SHARED_SETTINGS = List.of("yuelv.jwt.", "yuelv.page-token-secret",
			"spring.profiles.", "spring.datasource.", "spring.data.redis.", "spring.rabbitmq.");
	/** Application properties a deployment may set: the application's own, and Spring's, server's and logging's. */
	private static final Pattern SETTING = Pattern.compile(
			"(yuelv|spring|server|management|logging)(\\.[a-z0-9][a-z0-9-]*(\\[[0-9]+])?)+");

	private TopologyFiles() {}

	/**
	 * Reads a topology file.
	 *
	 * @param modules the modules a topology must place, each exactly once
	 * @throws InvalidTopologyException naming the file and every broken rule
	 */
	public static Topology read(Path file, Set<String> modules) {
		var document = yaml(file);
		var problems = new ArrayList<String>();
		var topology = parse(document, modules, problems);
		if (!problems.isEmpty() || topology == null) {
			throw new InvalidTopologyException(file, problems);
		}
		return topology;
	}

	/**
	 * A file of {@code split-config/} as YAML's plain values (maps, lists, strings, numbers).
	 *
	 * @throws InvalidTopologyException when it is not YAML
	 */
	static @Nullable Object yaml(Path file) {
		try {
			return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + file, e);
		}
		catch (YAMLException e) {
			throw new InvalidTopologyException(file, List.of("not YAML: " + e.getMessage().lines().findFirst()
					.orElse("")));
		}
	}

	private static @Nullable Topology parse(@Nullable Object document, Set<String> modules, List<String> problems) {
		if (!(document instanceof Map<?, ?> top)) {
			problems.add("the file must be a mapping with 'name' and 'deployments'");
			return null;
		}
		unknownKeys("", top, TOP_KEYS, problems);
		var name = dnsLabel("name", top.get("name"), problems);
		if (!(top.get("deployments") instanceof List<?> entries) || entries.isEmpty()) {
			problems.add("deployments: must list at least one deployment");
			return null;
		}
		var deployments = new ArrayList<Topology.Deployment>();
		var placed = new LinkedHashMap<String, String>();
		var names = new LinkedHashMap<String, Integer>();
		for (int i = 0; i < entries.size(); i++) {
			var deployment = deployment(i, entries.get(i), modules, placed, problems);
			if (deployment != null) {
				var earlier = names.putIfAbsent(deployment.name(), i);
				if (earlier != null) {
					problems.add("deployments[%d] (%s): the name is taken by deployments[%d]".formatted(i,
							deployment.name(), earlier));
				}
				deployments.add(deployment);
			}
		}
		for (var deployment : deployments) {
			if (deployment.canary().isPresent() && names.containsKey(deployment.canaryName())) {
				problems.add("deployments[%d] (%s): the name is taken by the canary of %s".formatted(
						names.get(deployment.canaryName()), deployment.canaryName(), deployment.name()));
			}
		}
		modules.stream().filter(module -> !placed.containsKey(module)).sorted().forEach(module -> problems
				.add("module '%s' is in no deployment; every module must be in exactly one".formatted(module)));
		besideWhatTheyCall(placed, problems);
		var firstPort = Topology.DEFAULT_LOCAL_FIRST_PORT;
		if (top.containsKey("local-first-port")) {
			if (top.get("local-first-port") instanceof Integer port && port >= 1024
					&& port + deployments.size() <= 65535) {
				firstPort = port;
			}
			else {
				problems.add("local-first-port: must be a port from 1024 that leaves room for every deployment, not "
						+ top.get("local-first-port"));
			}
		}
		return name == null ? null : new Topology(name, deployments, firstPort);
	}

	/**
	 * A module that calls the API of a module without a remote package (which only serves it in process) must be in
	 * that module's deployment.
	 */
	private static void besideWhatTheyCall(Map<String, String> placed, List<String> problems) {
		var remote = PlaceableModules.calledRemotely();
		PlaceableModules.callersByCallee().forEach((callee, callers) -> {
			if (remote.contains(callee) || !placed.containsKey(callee)) {
				return;
			}
			callers.stream().filter(caller -> placed.containsKey(caller) && !placed.get(caller).equals(placed.get(
					callee))).sorted().forEach(caller -> problems.add(("module '%s' calls the API of '%s', which is "
							+ "served in process only (it has no remote package): put them in one deployment, not "
							+ "%s and %s").formatted(caller, callee, placed.get(caller), placed.get(callee))));
		});
	}

	private static Topology.@Nullable Deployment deployment(int index, Object entry, Set<String> modules,
			Map<String, String> placed, List<String> problems) {
		var at = "deployments[%d]".formatted(index);
		if (!(entry instanceof Map<?, ?> map)) {
			problems.add(at + ": must be a mapping");
			return null;
		}
		var name = dnsLabel(at + ".name", map.get("name"), problems);
		if (name != null) {
			at = at + " (" + name + ")";
		}
		unknownKeys(at, map, DEPLOYMENT_KEYS, problems);
		var hosted = new ArrayList<String>();
		if (!(map.get("modules") instanceof List<?> list) || list.isEmpty()) {
			problems.add(at + ".modules: a deployment needs at least one module");
		}
		else {
			for (int m = 0; m < list.size(); m++) {
				var module = String.valueOf(list.get(m));
				var entryAt = "%s.modules[%d]".formatted(at, m);
				if (!modules.contains(module)) {
					problems.add("%s: unknown module '%s'; the modules are %s".formatted(entryAt, module,
							modules.stream().sorted().toList()));
					continue;
				}
				var label = name != null ? name : "deployments[" + index + "]";
				var other = placed.putIfAbsent(module, label);
				if (other != null) {
					problems.add(other.equals(label)
							? "%s: module '%s' is listed twice".formatted(entryAt, module)
							: "%s: module '%s' is also in deployment '%s'; a module lives in one deployment"
									.formatted(entryAt, module, other));
					continue;
				}
				hosted.add(module);
			}
		}
		var replicas = replicas(at + ".replicas", map.get("replicas"), problems);
		var resources = resources(at + ".resources", map.get("resources"), problems);
		var target = targetCpu(at + ".scaling", map.get("scaling"), problems);
		var settings = settings(at + ".settings", map.get("settings"), problems);
		var edge = edge(at + ".edge", map.get("edge"), problems);
		var canary = canary(at + ".canary", map.get("canary"), name, problems);
		if (name == null || replicas == null || resources == null || target == null || settings == null
				|| edge == null || canary == null) {
			return null;
		}
		return new Topology.Deployment(name, hosted, replicas, resources, target, settings, edge, canary);
	}

	/** An image tag, as OCI distribution allows one. */
	private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

	/** {@code canary: { version: 0.2.0, weight: 10 }}: both required. */
	private static java.util.@Nullable Optional<Topology.Canary> canary(String at, @Nullable Object value,
			@Nullable String name, List<String> problems) {
		if (value == null) {
			return java.util.Optional.empty();
		}
		if (!(value instanceof Map<?, ?> map)) {
			problems.add(at + ": must be { version: <image tag>, weight: <percent> }");
			return null;
		}
		unknownKeys(at, map, Set.of("version", "weight"), problems);
		var valid = true;
		var version = map.get("version") == null ? "" : String.valueOf(map.get("version"));
		if (!TAG.matcher(version).matches()) {
			problems.add(at + ".version: must be an image tag (letters, digits, '_', '.', '-'), got '" + version + "'");
			valid = false;
		}
		if (!(map.get("weight") instanceof Integer weight) || weight < 1 || weight > 50) {
			problems.add(at + ".weight: must be a whole percentage from 1 to 50, got " + map.get("weight"));
			valid = false;
		}
		if (name != null && (name + "-canary").length() > 63) {
			problems.add(at + ": the canary's name '" + name + "-canary' is longer than a DNS label's 63 characters");
			valid = false;
		}
		return valid ? java.util.Optional.of(new Topology.Canary(version, (Integer) map.get("weight")))
				: null;
	}

	/**
	 * {@code edge: { slots: 40, queue: { timeout: 2s, normal: 64 } }}; what is left out keeps its default.
	 */
	private static Topology.@Nullable EdgeLimits edge(String at, @Nullable Object value, List<String> problems) {
		var defaults = Topology.EdgeLimits.DEFAULT;
		if (value == null) {
			return defaults;
		}
		if (!(value instanceof Map<?, ?> map) || map.get("queue") != null && !(map.get("queue") instanceof Map<?, ?>)) {
			problems.add(at + ": must be { slots: <requests>, queue: { timeout: <duration>, normal: <requests> } }");
			return null;
		}
		unknownKeys(at, map, Set.of("slots", "queue"), problems);
		var queue = map.get("queue") instanceof Map<?, ?> given ? given : Map.of();
		unknownKeys(at + ".queue", queue, Set.of("timeout", "normal"), problems);
		var slots = requests(at + ".slots", map.get("slots"), 1, defaults.slots(), problems);
		var normal = requests(at + ".queue.normal", queue.get("normal"), 0, defaults.normalQueue(), problems);
		var timeout = queueTimeout(at + ".queue.timeout", queue.get("timeout"), defaults.queueTimeout(), problems);
		return slots == null || normal == null || timeout == null ? null
				: new Topology.EdgeLimits(slots, timeout, normal);
	}

	private static @Nullable Integer requests(String at, @Nullable Object value, int least, int otherwise,
			List<String> problems) {
		if (value == null) {
			return otherwise;
		}
		if (!(value instanceof Integer requests) || requests < least || requests > 10_000) {
			problems.add(at + ": must be a whole number of requests from " + least + " to 10000, got " + value);
			return null;
		}
		return requests;
	}

	private static @Nullable Duration queueTimeout(String at, @Nullable Object value, Duration otherwise,
			List<String> problems) {
		if (value == null) {
			return otherwise;
		}
		try {
			var timeout = DurationStyle.SIMPLE.parse(String.valueOf(value));
			if (timeout.isNegative() || timeout.compareTo(Duration.ofSeconds(10)) > 0
					|| timeout.toNanos() % 1_000_000 != 0) {
				throw new IllegalArgumentException();
			}
			return timeout;
		}
		catch (IllegalArgumentException e) {
			problems.add(at + ": must be a duration of whole milliseconds up to 10s (say 500ms or 2s), got " + value);
			return null;
		}
	}

	private static @Nullable TreeMap<String, String> settings(String at, @Nullable Object value,
			List<String> problems) {
		var settings = new TreeMap<String, String>();
		if (value == null) {
			return settings;
		}
		if (!(value instanceof Map<?, ?> map)) {
			problems.add(at + ": must map application property keys to values");
			return null;
		}
		var valid = true;
		for (var entry : map.entrySet()) {
			var key = String.valueOf(entry.getKey());
			if (!SETTING.matcher(key).matches()) {
				problems.add("%s: '%s' is not an application property key (yuelv., spring., server., management. or "
						.formatted(at, key) + "logging., lower-case and dotted)");
				valid = false;
			}
			else if (SHARED_SETTINGS.stream().anyMatch(key::startsWith)) {
				problems.add("%s: '%s' is shared by every deployment (common ConfigMap or secrets) and cannot be set "
						.formatted(at, key) + "for one");
				valid = false;
			}
			else if (!(entry.getValue() instanceof String || entry.getValue() instanceof Number
					|| entry.getValue() instanceof Boolean)) {
				problems.add("%s.%s: must be a single value, not %s".formatted(at, key, entry.getValue()));
				valid = false;
			}
			else {
				settings.put(key, String.valueOf(entry.getValue()));
			}
		}
		return valid ? settings : null;
	}

	private static Topology.@Nullable Replicas replicas(String at, @Nullable Object value, List<String> problems) {
		if (!(value instanceof Map<?, ?> map) || !(map.get("min") instanceof Integer min)
				|| !(map.get("max") instanceof Integer max)) {
			problems.add(at + ": must be { min: <replicas>, max: <replicas> } with whole numbers");
			return null;
		}
		unknownKeys(at, map, Set.of("min", "max"), problems);
		if (min < 1 || max < min || max > 500) {
			problems.add(at + ": needs 1 <= min <= max <= 500, got min %d and max %d".formatted(min, max));
			return null;
		}
		return new Topology.Replicas(min, max);
	}

	private static Topology.@Nullable Resources resources(String at, @Nullable Object value, List<String> problems) {
		if (!(value instanceof Map<?, ?> map)) {
			problems.add(at + ": must give requests and limits of cpu and memory, and the heap");
			return null;
		}
		unknownKeys(at, map, Set.of("requests", "limits", "heap"), problems);
		var requests = quantities(at + ".requests", map.get("requests"), problems);
		var limits = quantities(at + ".limits", map.get("limits"), problems);
		if (requests == null || limits == null) {
			return null;
		}
		if (millicores(requests.cpu()).compareTo(millicores(limits.cpu())) > 0) {
			problems.add(at + ": the cpu request %s is above the limit %s".formatted(requests.cpu(), limits.cpu()));
		}
		if (bytes(requests.memory()) > bytes(limits.memory())) {
			problems.add(at + ": the memory request %s is above the limit %s".formatted(requests.memory(),
					limits.memory()));
		}
		if (map.get("heap") == null) {
			problems.add(at + ".heap: missing: the JVM's maximum heap within the memory limit, such as 448Mi");
			return null;
		}
		var heap = String.valueOf(map.get("heap"));
		if (!HEAP.matcher(heap).matches() || bytes(heap) < MIN_HEAP) {
			problems.add(at + ".heap: '%s' is not a heap size in Mi or Gi of at least 128Mi, such as 448Mi".formatted(
					heap));
			return null;
		}
		if (bytes(heap) + OUTSIDE_HEAP > bytes(limits.memory())) {
			problems.add(at + ": the heap %s leaves less than %dMi of the memory limit %s to the JVM outside it"
					.formatted(heap, OUTSIDE_HEAP >> 20, limits.memory()));
		}
		return new Topology.Resources(requests, limits, heap);
	}

	private static Topology.@Nullable Quantities quantities(String at, @Nullable Object value,
			List<String> problems) {
		if (!(value instanceof Map<?, ?> map)) {
			problems.add(at + ": must give cpu and memory");
			return null;
		}
		unknownKeys(at, map, Set.of("cpu", "memory"), problems);
		var cpu = String.valueOf(map.get("cpu"));
		var memory = String.valueOf(map.get("memory"));
		var valid = true;
		if (!CPU.matcher(cpu).matches() || millicores(cpu).signum() <= 0) {
			problems.add(at + ".cpu: '%s' is not a CPU quantity such as 500m or 2".formatted(cpu));
			valid = false;
		}
		if (!MEMORY.matcher(memory).matches() || bytes(memory) <= 0) {
			problems.add(at + ".memory: '%s' is not a memory quantity such as 768Mi or 1Gi".formatted(memory));
			valid = false;
		}
		return valid ? new Topology.Quantities(cpu, memory) : null;
	}

	private static @Nullable Integer targetCpu(String at, @Nullable Object value, List<String> problems) {
		if (!(value instanceof Map<?, ?> map) || !(map.get("target-cpu-utilization") instanceof Integer target)) {
			problems.add(at + ": must be { target-cpu-utilization: <percent> }");
			return null;
		}
		unknownKeys(at, map, Set.of("target-cpu-utilization"), problems);
		if (target < 10 || target > 100) {
			problems.add(at + ".target-cpu-utilization: must be between 10 and 100, got " + target);
			return null;
		}
		return target;
	}

	private static @Nullable String dnsLabel(String at, @Nullable Object value, List<String> problems) {
		if (!(value instanceof String name) || !DNS_LABEL.matcher(name).matches()) {
			problems.add(at + ": '%s' is not a DNS label (lower-case letters, digits and '-', at most 63, starting "
					.formatted(value) + "and ending with a letter or digit)");
			return null;
		}
		return name;
	}

	private static void unknownKeys(String at, Map<?, ?> map, Set<String> known, List<String> problems) {
		map.keySet().stream().map(String::valueOf).filter(key -> !known.contains(key)).sorted()
				.forEach(key -> problems.add((at.isEmpty() ? "" : at + ": ") + "unknown key '" + key + "'"));
	}

	static BigDecimal millicores(String cpu) {
		var matcher = CPU.matcher(cpu);
		if (!matcher.matches()) {
			return BigDecimal.ZERO;
		}
		var amount = new BigDecimal(matcher.group(1));
		return matcher.group(3).isEmpty() ? amount.movePointRight(3) : amount;
	}

	static long bytes(String memory) {
		var matcher = MEMORY.matcher(memory);
		if (!matcher.matches()) {
			return 0;
		}
		var unit = matcher.group(2) == null ? 1L : switch (matcher.group(2)) {
			case "Ki" -> 1L << 10;
			case "Mi" -> 1L << 20;
			case "Gi" -> 1L << 30;
			default -> 1L << 40;
		};
		try {
			return Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
		}
		catch (ArithmeticException | NumberFormatException e) {
			return Long.MAX_VALUE;
		}
	}
}
