package com.yuelv.build.split;

import com.yuelv.platform.deployment.PlaceableModules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyFilesTests {

	static final Set<String> MODULES = PlaceableModules.all();

	@TempDir
	Path directory;

	private Path file(String yaml) throws IOException {
		return Files.writeString(directory.resolve("topology.yaml"), yaml);
	}

	@Test
	void theModulesToPlaceAreTheApplicationsBusinessModules() {
		assertThat(MODULES).containsExactlyInAnyOrder("identity", "social", "content", "media", "feed", "trip",
				"booking", "payment", "geo", "search", "notification", "demo");
	}

	@Test
	void theShippedTopologiesPlaceEveryModuleOnce() {
		for (var season : new String[] { "off-season", "peak-season" }) {
			var topology = TopologyFiles.read(Path.of("split-config", season + ".yaml"), MODULES);
			assertThat(topology.name()).isEqualTo(season);
			assertThat(topology.deployments().stream().flatMap(deployment -> deployment.modules().stream()))
					.containsExactlyInAnyOrderElementsOf(MODULES);
		}
		var peak = TopologyFiles.read(Path.of("split-config/peak-season.yaml"), MODULES);
		assertThat(peak.deployments()).hasSizeGreaterThan(1);
		assertThat(peak.hostOf("search").orElseThrow().name()).isEqualTo("search");
		assertThat(peak.hostOf("payment").orElseThrow().modules()).containsExactly("payment");
		assertThat(peak.hostOf("booking").orElseThrow().replicas().max()).isEqualTo(30);
		assertThat(peak.hostOf("booking").orElseThrow().settings())
				.containsEntry("yuelv.rate-limits.classes.booking.authenticated.capacity", "90");
	}

	@Test
	void edgeLimitsAreReadAndWhatIsLeftOutKeepsItsDefault() throws IOException {
		var file = file("name: peak\ndeployments:\n" + deployment("a", "[identity]")
				+ "    edge: { slots: 12, queue: { timeout: 750ms } }\n" + REST);
		var topology = TopologyFiles.read(file, MODULES);

		assertThat(topology.hostOf("identity").orElseThrow().edge()).isEqualTo(new Topology.EdgeLimits(12,
				java.time.Duration.ofMillis(750), Topology.EdgeLimits.DEFAULT.normalQueue()));
		assertThat(topology.hostOf("trip").orElseThrow().edge()).isEqualTo(Topology.EdgeLimits.DEFAULT);
	}

	@Test
	void aCanaryIsReadWithItsVersionAndWeight() throws IOException {
		var file = file("name: peak\ndeployments:\n" + deployment("a", "[identity]")
				+ "    canary: { version: 0.2.0-rc.1, weight: 10 }\n" + REST);
		var topology = TopologyFiles.read(file, MODULES);

		var a = topology.hostOf("identity").orElseThrow();
		assertThat(a.canary()).contains(new Topology.Canary("0.2.0-rc.1", 10));
		assertThat(a.canaryName()).isEqualTo("a-canary");
		assertThat(a.canaryMaxReplicas()).isEqualTo(1);
		assertThat(topology.localCanaryPort(a)).isEqualTo(topology.localFirstPort() + topology.deployments().size());
		assertThat(topology.hostOf("trip").orElseThrow().canary()).isEmpty();
	}

	static String deployment(String name, String modules) {
		return """
				  - name: %s
				    modules: %s
				    replicas: { min: 1, max: 3 }
				    resources:
				      requests: { cpu: 250m, memory: 512Mi }
				      limits: { cpu: "1", memory: 1Gi }
				      heap: 512Mi
				    scaling: { target-cpu-utilization: 70 }
				""".formatted(name, modules);
	}

	static final String REST = deployment("rest",
			"[trip, booking, payment, geo, search, notification, demo, social, content, media, feed]");

	static Stream<Arguments> brokenTopologies() {
		return Stream.of(
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity, trip]") + REST,
						"deployments[1] (rest).modules[0]: module 'trip' is also in deployment 'a'"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ deployment("rest", "[trip, booking, geo, search, notification, social, content, media, feed]"),
						"module 'demo' is in no deployment"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity, feed]")
						+ deployment("rest", "[trip, booking, geo, search, notification, demo, social, content, media]"),
						"module 'feed' calls the API of 'content', which is served in process only (it has no remote "
								+ "package): put them in one deployment, not a and rest"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity, payments]") + REST,
						"deployments[0] (a).modules[1]: unknown module 'payments'"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]") + deployment("empty", "[]")
						+ REST, "deployments[1] (empty).modules: a deployment needs at least one module"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("Trips_Booking", "[identity]") + REST,
						"deployments[0].name: 'Trips_Booking' is not a DNS label"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("-a", "[identity]") + REST,
						"deployments[0].name: '-a' is not a DNS label"),
				Arguments.of("name: Peak Season\ndeployments:\n" + deployment("a", "[identity]") + REST,
						"name: 'Peak Season' is not a DNS label"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]") + deployment("a", "[trip]")
						+ deployment("rest", "[booking, geo, search, notification, demo, social, content, media, feed]"),
						"deployments[1] (a): the name is taken by deployments[0]"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("min: 1, max: 3",
						"min: 4, max: 3") + REST, "deployments[0] (a).replicas: needs 1 <= min <= max <= 500"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("cpu: 250m",
						"cpu: lots") + REST, "deployments[0] (a).resources.requests.cpu: 'lots' is not a CPU quantity"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("memory: 512Mi",
						"memory: 2Gi") + REST, "deployments[0] (a).resources: the memory request 2Gi is above the limit 1Gi"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("heap: 512Mi",
						"heap: 800Mi") + REST, "deployments[0] (a).resources: the heap 800Mi leaves less than 320Mi of the "
								+ "memory limit 1Gi to the JVM outside it"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("heap: 512Mi",
						"heap: 512M") + REST, "deployments[0] (a).resources.heap: '512M' is not a heap size in Mi or Gi"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("      heap: 512Mi\n",
						"") + REST, "deployments[0] (a).resources.heap: missing"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("target-cpu-utilization: 70",
						"target-cpu-utilization: 170") + REST, "deployments[0] (a).scaling.target-cpu-utilization"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]").replace("    modules:",
						"    replica: 3\n    modules:") + REST, "deployments[0] (a): unknown key 'replica'"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]") + "    settings:\n"
						+ "      RATE_LIMIT: 5\n" + REST,
						"deployments[0] (a).settings: 'RATE_LIMIT' is not an application property key"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]") + "    settings:\n"
						+ "      yuelv.overload.max-limit: [1, 2]\n" + REST,
						"deployments[0] (a).settings.yuelv.overload.max-limit: must be a single value"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]") + "    settings:\n"
						+ "      yuelv.page-token-secret: mine\n" + REST,
						"deployments[0] (a).settings: 'yuelv.page-token-secret' is shared by every deployment"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ "    edge: { slots: 0, queue: { normal: 2 } }\n" + REST,
						"deployments[0] (a).edge.slots: must be a whole number of requests from 1 to 10000, got 0"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ "    edge: { queue: { normal: some, timeout: 2s } }\n" + REST,
						"deployments[0] (a).edge.queue.normal: must be a whole number"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ "    edge: { queue: { timeout: 11s } }\n" + REST,
						"deployments[0] (a).edge.queue.timeout: must be a duration of whole milliseconds up to 10s"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ "    edge: { slots: 8, queue: { booking: 2 } }\n" + REST,
						"deployments[0] (a).edge.queue: unknown key 'booking'"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ "    canary: { version: 'latest stable', weight: 60 }\n" + REST,
						"deployments[0] (a).canary.version: must be an image tag"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ "    canary: { version: 0.2.0, weight: 60 }\n" + REST,
						"deployments[0] (a).canary.weight: must be a whole percentage from 1 to 50, got 60"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]")
						+ "    canary: { version: 0.2.0, weight: 5 }\n" + deployment("a-canary", "[social]") + REST,
						"deployments[1] (a-canary): the name is taken by the canary of a"),
				Arguments.of("name: peak\ndeployments:\n" + deployment("a", "[identity]") + "    edge: 8\n" + REST,
						"deployments[0] (a).edge: must be { slots: <requests>, queue: { timeout: <duration>, normal: "),
				Arguments.of("name: peak\ndeployments: []\n", "deployments: must list at least one deployment"),
				Arguments.of("name: [unclosed\n", "not YAML"));
	}

	@ParameterizedTest
	@MethodSource("brokenTopologies")
	void aBrokenTopologyIsRefusedNamingTheFileAndTheEntry(String yaml, String problem) throws IOException {
		var file = file(yaml);
		assertThatThrownBy(() -> TopologyFiles.read(file, MODULES))
				.isInstanceOf(InvalidTopologyException.class)
				.hasMessageStartingWith(file + " is not a valid topology")
				.hasMessageContaining(problem);
	}

	@Test
	void everyProblemOfAFileIsReportedAtOnce() throws IOException {
		var file = file("name: peak\ndeployments:\n" + deployment("A", "[identity, nowhere]")
				+ deployment("rest", "[trip, booking, payment, geo, search, notification, social, content, media, "
						+ "feed]"));
		assertThatThrownBy(() -> TopologyFiles.read(file, MODULES))
				.isInstanceOfSatisfying(InvalidTopologyException.class, e -> assertThat(e.problems()).hasSize(3));
	}
}
