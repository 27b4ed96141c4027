package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.yuelv.platform.deployment.PlaceableModules;

/**
 * What each peak-season deployment holds of the application's libraries, judged on the classes of the build and the
 * libraries of the application's classpath as the split build judges them in the JAR: search's Lucene only where
 * search runs, the object store's client only where media runs, and what every deployment serves with everywhere.
 */
class LibraryReachTests {

	private static final LibraryReach REACH = new LibraryReach();
	private static final Map<String, Set<String>> HELD = new TreeMap<>();
	private static final Map<String, List<byte[]>> CLASSES = new TreeMap<>();

	@BeforeAll
	static void judgeEveryDeployment() throws IOException {
		for (var entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			if (entry.endsWith(".jar")) {
				try (InputStream in = Files.newInputStream(Path.of(entry))) {
					REACH.add(Path.of(entry).getFileName().toString(), in);
				}
			}
		}
		var artifacts = new DeploymentArtifacts(PlaceableModules.all(), PlaceableModules.callersByCallee(),
				PlaceableModules.dependencies());
		var topology = TopologyFiles.read(Path.of("split-config", "peak-season.yaml"), PlaceableModules.all());
		var classes = Path.of("target", "classes");
		for (var deployment : topology.deployments()) {
			var local = Set.copyOf(deployment.modules());
			var roots = new ArrayList<byte[]>();
			try (var files = Files.walk(classes)) {
				for (var file : files.filter(it -> it.toString().endsWith(".class")).toList()) {
					var entry = "BOOT-INF/classes/" + classes.relativize(file).toString().replace('\\', '/');
					if (artifacts.keeps(local, entry)) {
						roots.add(Files.readAllBytes(file));
					}
				}
			}
			CLASSES.put(deployment.name(), roots);
			var held = REACH.reachedFrom(roots);
			HELD.put(deployment.name(), held);
			var left = new TreeSet<>(REACH.libraries());
			left.removeAll(held);
			System.out.printf("%s holds %d of the %d libraries; leaves %s%n", deployment.name(), held.size(),
					REACH.libraries().size(), left);
		}
	}

	@Test
	void searchsLibrariesGoWhereSearchRuns() {
		var lucene = named(REACH.libraries(), "lucene-").size();
		HELD.forEach((deployment, libraries) -> assertThat(named(libraries, "lucene-"))
				.as(() -> deployment + ": " + why(deployment, "lucene-core"))
				.hasSize(deployment.equals("search") ? lucene : 0));
		assertThat(named(HELD.get("search"), "lucene-core")).hasSize(1);
	}

	@Test
	void theObjectStoresClientGoesWhereMediaRuns() {
		HELD.forEach((deployment, libraries) -> assertThat(named(libraries, "s3-2"))
				.as(() -> deployment + ": " + why(deployment, "s3-2"))
				.hasSize(deployment.equals("social") ? 1 : 0));
	}

	@Test
	void aLibraryWhoseResourceTheApplicationReadsByPathGoesWhereThatModuleRuns() {
		// identity's password policy reads zxcvbn4j's list of common passwords, and nothing of its code
		HELD.forEach((deployment, libraries) -> assertThat(named(libraries, "zxcvbn-"))
				.as(deployment).hasSize(deployment.equals("accounts") ? 1 : 0));
	}

	@Test
	void everyDeploymentHoldsWhatItServesWith() {
		HELD.forEach((deployment, libraries) -> assertThat(libraries).as(deployment).anySatisfy(
				name -> assertThat(name).startsWith("spring-webmvc-")).anySatisfy(
				name -> assertThat(name).startsWith("hibernate-core-")).anySatisfy(
				name -> assertThat(name).startsWith("postgresql-")).anySatisfy(
				name -> assertThat(name).startsWith("tomcat-embed-core-")).anySatisfy(
				name -> assertThat(name).startsWith("spring-rabbit-")).anySatisfy(
				name -> assertThat(name).startsWith("logback-classic-")));
	}

	@Test
	void aClassNamesWhatItUsesInCodeSignaturesAnnotationsAndStrings() throws IOException {
		byte[] bytes;
		try (var in = LibraryReach.class.getResourceAsStream("LibraryReach.class")) {
			bytes = in.readAllBytes();
		}
		assertThat(LibraryReach.referencedBy(bytes)).contains("java/util/jar/JarInputStream",
				"java/util/regex/Pattern", "java/util/ArrayDeque", "com/yuelv/build/split/LibraryReach$Library");
		assertThat(LibraryReach.className("META-INF/versions/21/org/example/Fast.class")).isEqualTo("org/example/Fast");
	}

	private static List<String> why(String deployment, String library) {
		return named(REACH.libraries(), library).stream().findFirst()
				.map(name -> REACH.why(name, CLASSES.get(deployment))).orElse(List.of());
	}

	private static Set<String> named(Set<String> libraries, String prefix) {
		return libraries.stream().filter(name -> name.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
	}
}
