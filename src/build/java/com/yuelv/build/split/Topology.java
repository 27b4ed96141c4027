package com.yuelv.build.split;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the modules are spread over deployments: one topology file of {@code split-config/}, checked.
 *
 * @param name the topology's name, a DNS label (it names the Kustomize overlay)
 * @param deployments at least one; together they host every module exactly once
 * @param localFirstPort the port of the first deployment in a local run, the others' following in order; topologies
 *     that take over from each other need ports apart, since both run while the season changes
 */
public record Topology(String name, List<Deployment> deployments, int localFirstPort) {

	/** Where a local run's deployments listen unless the topology says otherwise. */
	public static final int DEFAULT_LOCAL_FIRST_PORT = 8081;

	public Topology {
		deployments = List.copyOf(deployments);
	}

	public Topology(String name, List<Deployment> deployments) {
		this(name, deployments, DEFAULT_LOCAL_FIRST_PORT);
	}

	/**
	 * One separately scaled deployment.
	 *
	 * @param name a DNS label: it names the Kubernetes Deployment and Service
	 * @param modules the application modules it hosts; the platform and the shared kernel come with every deployment
	 * @param replicas the autoscaler's bounds
	 * @param resources CPU and memory per replica
	 * @param targetCpuUtilization the autoscaler's target, in percent of the CPU request
	 * @param settings application properties of this deployment only (say, its rate limits or concurrency bounds),
	 *     by key, over those of {@code application.yaml}
	 * @param edge what the edge lets through to each replica
	 * @param canary another version of this deployment that takes a share of its traffic, if any
	 */
	public record Deployment(String name, List<String> modules, Replicas replicas, Resources resources,
			int targetCpuUtilization, SortedMap<String, String> settings, EdgeLimits edge, Optional<Canary> canary) {

		public Deployment {
			modules = List.copyOf(modules);
			settings = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(settings));
		}

		public Deployment(String name, List<String> modules, Replicas replicas, Resources resources,
				int targetCpuUtilization, SortedMap<String, String> settings, EdgeLimits edge) {
			this(name, modules, replicas, resources, targetCpuUtilization, settings, edge, Optional.empty());
		}

		public Deployment(String name, List<String> modules, Replicas replicas, Resources resources,
				int targetCpuUtilization) {
			this(name, modules, replicas, resources, targetCpuUtilization, new TreeMap<>(), EdgeLimits.DEFAULT);
		}

		/** The name of its canary's Deployment, Services and local process: {@code trips-canary}. */
		public String canaryName() {
			return name + "-canary";
		}

		/** The most replicas its canary scales to: its share of the deployment's most, at least one. */
		public int canaryMaxReplicas() {
			return canary.map(release -> Math.max(1, (replicas.max() * release.weight() + 99) / 100)).orElse(0);
		}
	}

	/**
	 * Another version of a deployment, released to a share of the travellers first. The edge sends a request to it when
	 * {@code X-Yuelv-Canary: always} forces it, else by a draw from 0 to 99 below {@code weight}: the hash of the
	 * account for a signed-in traveller, a cookie the edge sets for anyone else, so that nobody flips between versions.
	 *
	 * @param version the image tag it runs, as the stable deployment's is the build's version
	 * @param weight the percentage of travellers it serves, 1 to 50
	 */
	public record Canary(String version, int weight) {}

	/**
	 * What the edge lets through to each replica, and how it holds the rest. At most {@code slots} requests are in
	 * flight to one replica; the others wait in the edge's queue, critical ones ahead of normal ones, for at most
	 * {@code queueTimeout}, and are answered by the edge with 503 after it. A normal request joins the queue only while
	 * fewer than {@code normalQueue} requests per replica wait; a sheddable one never waits. So under a surge refused
	 * requests cost the replicas nothing, and a burst waits at the edge instead of piling up in the replicas' threads.
	 *
	 * @param slots requests in flight to one replica, 1 to 10000
	 * @param queueTimeout how long a request waits for a slot at most, up to 10 s
	 * @param normalQueue how many waiting requests per replica still let a normal one join, 0 to 10000
	 */
	public record EdgeLimits(int slots, Duration queueTimeout, int normalQueue) {

		/**
		 * Enough in flight to keep one replica's cores and connection pool busy; a critical request waits as long as the
		 * application lets it wait for a slot of its own ({@code yuelv.overload.critical-wait}); a normal one joins while
		 * the queue is shorter than what a replica serves in a fraction of a second.
		 */
		public static final EdgeLimits DEFAULT = new EdgeLimits(40, Duration.ofSeconds(2), 64);
	}

	/** Replica bounds, {@code 1 <= min <= max}. */
	public record Replicas(int min, int max) {}

	/**
	 * Kubernetes quantities, as written in the file: CPU such as {@code 500m} or {@code 2}, memory such as
	 * {@code 768Mi}; and the JVM's maximum heap within the memory limit, a memory quantity in {@code Mi} or {@code Gi}.
	 * What the JVM takes outside the heap (classes, compiled code, threads, buffers) is the rest of the limit.
	 */
	public record Resources(Quantities requests, Quantities limits, String heap) {

		/** The JVM option that sets the maximum heap, such as {@code -Xmx448m}. */
		public String maxHeapOption() {
			return "-Xmx" + heap.replace("Mi", "m").replace("Gi", "g");
		}
	}

	public record Quantities(String cpu, String memory) {}

	/** A deployment's port in a local run: the first's, then the others' in the topology's order. */
	public int localPort(Deployment deployment) {
		return localFirstPort + deployments.indexOf(deployment);
	}

	/** A canary's port in a local run: after every deployment's, in the topology's order. */
	public int localCanaryPort(Deployment deployment) {
		var before = deployments.subList(0, deployments.indexOf(deployment)).stream()
				.filter(other -> other.canary().isPresent()).count();
		return localFirstPort + deployments.size() + (int) before;
	}

	/** The deployment that hosts the module. */
	public Optional<Deployment> hostOf(String module) {
		return deployments.stream().filter(deployment -> deployment.modules().contains(module)).findFirst();
	}
}
