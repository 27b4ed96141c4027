package com.yuelv.build.split;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import com.yuelv.platform.overload.Priority;

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
	 */
	public record Deployment(String name, List<String> modules, Replicas replicas, Resources resources,
			int targetCpuUtilization, SortedMap<String, String> settings, EdgeLimits edge) {

		public Deployment {
			modules = List.copyOf(modules);
			settings = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(settings));
		}

		public Deployment(String name, List<String> modules, Replicas replicas, Resources resources,
				int targetCpuUtilization) {
			this(name, modules, replicas, resources, targetCpuUtilization, new TreeMap<>(), EdgeLimits.DEFAULT);
		}
	}

	/**
	 * How many requests of each priority the edge keeps in flight to one replica at most; it answers the rest itself
	 * with 503, so that under a surge they do not cost the replica an HTTP exchange, nor queue in front of the ones it
	 * works on. Critical requests get the most room: within it the replica's own load shedding ranks them first. All
	 * at least 1.
	 */
	public record EdgeLimits(int critical, int normal, int sheddable) {

		/**
		 * Normal and sheddable: enough to keep one replica's cores and connection pool busy, few enough that it seldom
		 * refuses itself; critical: four times that, refused only when the replica is saturated.
		 */
		public static final EdgeLimits DEFAULT = new EdgeLimits(32, 8, 2);

		/** The cap of one priority. */
		public int of(Priority priority) {
			return switch (priority) {
				case CRITICAL -> critical;
				case NORMAL -> normal;
				case SHEDDABLE -> sheddable;
			};
		}
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

	/** The deployment that hosts the module. */
	public Optional<Deployment> hostOf(String module) {
		return deployments.stream().filter(deployment -> deployment.modules().contains(module)).findFirst();
	}
}
