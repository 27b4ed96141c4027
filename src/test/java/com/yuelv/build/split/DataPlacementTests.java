package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.yuelv.platform.deployment.PlaceableModules;

/**
 * Where the modules' data lives: the committed placement keeps every schema in one database; a placement file names
 * its every problem; and a topology whose deployment would need two databases is refused.
 */
class DataPlacementTests {

	@TempDir
	Path directory;

	@Test
	void theCommittedPlacementKeepsEverySchemaInOneDatabase() {
		var placement = DataPlacement.read(Path.of("split-config", "data.yaml"), PlaceableModules.all());

		assertThat(placement.schemas()).containsExactly("booking", "content", "feed", "geo", "identity",
				"media", "notification", "payment", "social", "trip");
		assertThat(placement.schemas()).allSatisfy(module -> assertThat(placement.databaseOf(module)).isEqualTo("yuelv"));
		for (var season : List.of("off-season", "peak-season")) {
			var topology = TopologyFiles.read(Path.of("split-config", season + ".yaml"), PlaceableModules.all());
			assertThat(placement.problemsWith(topology)).isEmpty();
		}
	}

	@Test
	void namesEveryProblemOfAPlacementFile() throws IOException {
		var file = write("""
				database: Yuelv
				owner: yuelv_owner
				replicas: 2
				modules:
				  hotels: yuelv_hotels
				  search: yuelv_search
				  trip: "trip db"
				""");

		assertThatExceptionOfType(InvalidTopologyException.class)
				.isThrownBy(() -> DataPlacement.read(file, PlaceableModules.all()))
				.satisfies(refusal -> assertThat(refusal.getMessage())
						.contains("unknown key 'replicas'")
						.contains("database: must be a PostgreSQL name")
						.contains("modules.hotels: unknown module")
						.contains("modules.search: the module keeps no data of its own")
						.contains("modules.trip: must be a PostgreSQL name"));
	}

	@Test
	void aDeploymentMayNotNeedTwoDatabases() throws IOException {
		var placement = DataPlacement.read(write("""
				database: yuelv
				owner: yuelv_owner
				modules:
				  booking: yuelv_booking
				"""), PlaceableModules.all());
		var peak = TopologyFiles.read(Path.of("split-config", "peak-season.yaml"), PlaceableModules.all());

		assertThat(placement.problemsWith(peak)).singleElement().asString()
				.contains("deployment 'trips' of topology 'peak-season' would need several databases");
		assertThat(placement.databaseOf(peak.hostOf("identity").orElseThrow())).isEqualTo("yuelv");
	}

	@Test
	void aSchemaMayLiveOnAnotherServer() throws IOException {
		var placement = DataPlacement.read(write("""
				database: yuelv
				owner: yuelv_owner
				modules:
				  notification: { database: yuelv_inbox, host: pg-inbox.db.internal }
				  identity: { database: yuelv_inbox, host: pg-inbox.db.internal }
				"""), PlaceableModules.all());
		var peak = TopologyFiles.read(Path.of("split-config", "peak-season.yaml"), PlaceableModules.all());

		assertThat(placement.placeOf(peak.hostOf("identity").orElseThrow()))
				.isEqualTo(new DataPlacement.Place("yuelv_inbox", "pg-inbox.db.internal", null));
		assertThat(placement.placeOf(peak.hostOf("trip").orElseThrow()))
				.isEqualTo(new DataPlacement.Place("yuelv", null, null));
		assertThat(placement.problemsWith(peak)).isEmpty();
		var off = TopologyFiles.read(Path.of("split-config", "off-season.yaml"), PlaceableModules.all());
		assertThat(placement.problemsWith(off)).singleElement().asString()
				.contains("yuelv_inbox on pg-inbox.db.internal:5432=[identity, notification]");
	}

	@Test
	void namesEveryProblemOfAnotherServer() throws IOException {
		var file = write("""
				database: yuelv
				owner: yuelv_owner
				modules:
				  identity: { database: yuelv_accounts, host: "pg inbox", port: 70000 }
				  trip: { host: pg-trips, replicas: 2 }
				""");

		assertThatExceptionOfType(InvalidTopologyException.class)
				.isThrownBy(() -> DataPlacement.read(file, PlaceableModules.all()))
				.satisfies(refusal -> assertThat(refusal.getMessage())
						.contains("modules.identity.host: must be a host name, not pg inbox")
						.contains("modules.identity.port: must be a port number, not 70000")
						.contains("modules.trip: unknown key 'replicas'")
						.contains("modules.trip.database: must be a PostgreSQL name (lower-case letters, digits, "
								+ "underscores), not null"));
	}

	private Path write(String text) throws IOException {
		var file = directory.resolve("data.yaml");
		Files.writeString(file, text);
		return file;
	}
}
