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

		assertThat(placement.schemas()).containsExactly("booking", "geo", "identity", "notification", "trip");
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

	private Path write(String text) throws IOException {
		var file = directory.resolve("data.yaml");
		Files.writeString(file, text);
		return file;
	}
}
