package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentArtifactsTests {

	private static final Set<String> ALL = Set.of("booking", "geo", "identity", "search", "trip");
	// search and booking call trip; nothing calls identity; search also names identity's types, as trip's API does;
	// geo depends on trip
	private final DeploymentArtifacts artifacts = new DeploymentArtifacts(ALL,
			Map.of("trip", Set.of("search", "booking")), Map.of("search", Set.of("trip", "identity"), "booking",
					Set.of("trip"), "geo", Set.of("trip"), "trip", Set.of("identity")));

	@Test
	void aDeploymentHoldsItsModulesTheOthersApisAndTheRemoteFacesItCalls() {
		var search = Set.of("search");
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/search/internal/TripIndexFeed.class")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/trip/TripApi.class")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/trip/")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/trip/remote/RemoteTripApi.class")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/trip/internal/LocalTripApi.class")).isFalse();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/trip/web/TripController.class")).isFalse();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/identity/IdentityApi.class")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/identity/remote/RemoteIdentityApi.class"))
				.as("search does not call identity").isFalse();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/booking/BookingEvent.class"))
				.as("search does not depend on booking").isFalse();
		var payments = Set.of("booking");
		assertThat(artifacts.keeps(payments, "BOOT-INF/classes/com/yuelv/identity/IdentityApi.class"))
				.as("booking depends on trip, whose API names identity's types").isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/platform/web/ProblemTypes.class")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/shared/UserId.class")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/com/yuelv/YuelvApplication.class")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/db/migration/trip/V1__trips.sql")).isFalse();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/db/migration/platform/V1__event_inbox.sql")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/lib/spring-core.jar")).isTrue();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/geo/places.tsv.gz")).as("geo's catalogue").isFalse();
		assertThat(artifacts.keeps(search, "BOOT-INF/classes/application.yaml")).isTrue();

		var trips = Set.of("trip", "booking", "geo");
		assertThat(artifacts.keeps(trips, "BOOT-INF/classes/com/yuelv/trip/internal/LocalTripApi.class")).isTrue();
		assertThat(artifacts.keeps(trips, "BOOT-INF/classes/com/yuelv/trip/remote/RemoteTripApi.class")).isTrue();
		assertThat(artifacts.keeps(trips, "BOOT-INF/classes/db/migration/booking/V1__rosters.sql")).isTrue();
		assertThat(artifacts.keeps(trips, "BOOT-INF/classes/geo/places.tsv.gz")).isTrue();
		assertThat(artifacts.keeps(trips, "BOOT-INF/classes/com/yuelv/search/internal/SearchIndex.class")).isFalse();
		assertThat(artifacts.keeps(trips, "BOOT-INF/classes/com/yuelv/search/SearchApi.class"))
				.as("nothing of trips depends on search").isFalse();
	}

	@Test
	void writesOneJarPerDeploymentThatNamesItsModules(@TempDir Path dir) throws IOException {
		var application = dir.resolve("yuelv-1.0.jar");
		try (var out = new JarOutputStream(Files.newOutputStream(application))) {
			put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: Launcher\n", false);
			put(out, "BOOT-INF/classes/com/yuelv/trip/TripApi.class", "api", false);
			put(out, "BOOT-INF/classes/com/yuelv/trip/internal/Trip.class", "internal", false);
			put(out, "BOOT-INF/classes/com/yuelv/search/internal/Index.class", "search", false);
			put(out, "BOOT-INF/lib/library.jar", "a nested jar, stored", true);
		}
		var topology = new Topology("peak", List.of(deployment("trips", "trip", "booking", "geo"),
				deployment("search", "search"), deployment("accounts", "identity")));

		var written = artifacts.write(topology, application, dir.resolve("split"), "yuelv-1.0");

		assertThat(written).extracting(path -> path.getFileName().toString())
				.containsExactly("yuelv-1.0-trips.jar", "yuelv-1.0-search.jar", "yuelv-1.0-accounts.jar");
		try (var search = new JarFile(dir.resolve("split/yuelv-1.0-search.jar").toFile())) {
			var names = new ArrayList<String>();
			search.stream().forEach(entry -> names.add(entry.getName()));
			assertThat(names).contains("META-INF/MANIFEST.MF", "BOOT-INF/classes/com/yuelv/trip/TripApi.class",
					"BOOT-INF/classes/com/yuelv/search/internal/Index.class", "BOOT-INF/lib/library.jar")
					.doesNotContain("BOOT-INF/classes/com/yuelv/trip/internal/Trip.class");
			assertThat(search.getEntry("BOOT-INF/lib/library.jar").getMethod()).as("nested jars stay stored")
					.isEqualTo(ZipEntry.STORED);
			assertThat(new String(search.getInputStream(search.getEntry("BOOT-INF/lib/library.jar")).readAllBytes(),
					StandardCharsets.UTF_8)).isEqualTo("a nested jar, stored");
			assertThat(new String(search.getInputStream(search.getEntry(
					"BOOT-INF/classes/config/application.properties")).readAllBytes(), StandardCharsets.ISO_8859_1))
					.contains("yuelv.split.modules=search\n");
		}
	}

	private static Topology.Deployment deployment(String name, String... modules) {
		return new Topology.Deployment(name, List.of(modules), new Topology.Replicas(1, 2),
				new Topology.Resources(new Topology.Quantities("100m", "256Mi"), new Topology.Quantities("1", "512Mi"), "192Mi"),
				60);
	}

	private static void put(JarOutputStream out, String name, String text, boolean stored) throws IOException {
		var bytes = text.getBytes(StandardCharsets.UTF_8);
		var entry = new ZipEntry(name);
		if (stored) {
			var crc = new CRC32();
			crc.update(bytes);
			entry.setMethod(ZipEntry.STORED);
			entry.setSize(bytes.length);
			entry.setCompressedSize(bytes.length);
			entry.setCrc(crc.getValue());
		}
		out.putNextEntry(entry);
		out.write(bytes);
		out.closeEntry();
	}
}
