package com.yuelv.build.split;

import com.yuelv.platform.deployment.PlaceableModules;

import java.nio.file.Path;

/**
 * The split build's entry point, run by the {@code split} Maven profile: checks a topology file against the
 * application's modules and the data placement ({@code data.yaml} beside it), failing the build with the files'
 * problems, and writes the topology's Kubernetes manifests, edge routing and database roles below the deploy
 * directory. {@code java ... SplitBuild <topology file> <deploy directory>}.
 * <p>
 * Given the application's JAR and a directory too ({@code ... <application jar> <artifact directory>}, the profile's
 * {@code package} step), it writes one runnable JAR per deployment there instead (see {@link DeploymentArtifacts}).
 */
public final class SplitBuild {

	private SplitBuild() {}

	private static double megabytes(Path file) {
		try {
			return java.nio.file.Files.size(file) / 1_048_576.0;
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	public static void main(String[] arguments) {
		if (arguments.length != 2 && arguments.length != 4) {
			System.err.println("usage: SplitBuild <split-config/topology.yaml> <deploy directory> "
					+ "[<application jar> <artifact directory>]");
			System.exit(2);
		}
		var file = Path.of(arguments[0]);
		try {
			var topology = TopologyFiles.read(file, PlaceableModules.all());
			System.out.printf("Topology %s (%s): %d deployment(s)%n", topology.name(), file,
					topology.deployments().size());
			for (var deployment : topology.deployments()) {
				System.out.printf("  %-20s %s, %d to %d replicas%n", deployment.name(), deployment.modules(),
						deployment.replicas().min(), deployment.replicas().max());
			}
			if (arguments.length == 4) {
				var jar = Path.of(arguments[2]);
				var name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
				var artifacts = new DeploymentArtifacts(PlaceableModules.all(), PlaceableModules.callersByCallee(),
						PlaceableModules.dependencies())
						.write(topology, jar, Path.of(arguments[3]), name);
				System.out.printf("  the whole application: %s, %.1f MB%n", jar, megabytes(jar));
				artifacts.forEach(artifact -> System.out.printf("  artifact %s, %.1f MB%n", artifact,
						megabytes(artifact)));
				return;
			}
			var placementFile = file.resolveSibling("data.yaml");
			var placement = DataPlacement.read(placementFile, PlaceableModules.all());
			var problems = placement.problemsWith(topology);
			if (!problems.isEmpty()) {
				throw new InvalidTopologyException(placementFile, problems);
			}
			var routes = EdgeRoutes.of(topology, Endpoints.of("com.yuelv"));
			var priorities = EdgePriorities.of(Endpoints.operations("com.yuelv"));
			new ManifestWriter(Path.of(arguments[1], "prometheus", "rules.yml")).write(topology, placement, routes,
					priorities, Path.of(arguments[1]));
			System.out.printf("Manifests in %s/overlays/%s, edge in %s/haproxy/%s.cfg, database roles in "
					+ "%s/database/%s.sql, dashboards in %s/grafana/%s%n", arguments[1], topology.name(), arguments[1],
					topology.name(), arguments[1], topology.name(), arguments[1], topology.name());
		}
		catch (InvalidTopologyException e) {
			System.err.println(e.getMessage());
			System.exit(1);
		}
	}
}
