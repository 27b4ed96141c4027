package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.util.ApplicationModulesExporter;
import org.springframework.modulith.docs.Documenter;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import net.sourceforge.plantuml.error.PSystemError;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies the module structure with Spring Modulith and keeps the committed {@code modules.puml} equal to what the
 * code generates, and so is the module metadata read at start. Run with {@code -Dyuelv.write-modules-puml=true} to
 * regenerate the committed copies.
 */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(YuelvApplication.class);
	static final Path COMMITTED = Path.of("modules.puml");
	static final Path OUTPUT = Path.of("target", "spring-modulith-docs");
	static final Path METADATA = Path.of("src/main/resources", ApplicationModulesExporter.DEFAULT_LOCATION);

	@Test
	void modulesRespectTheirBoundaries() {
		MODULES.verify();
	}

	@Test
	void committedModuleDiagramMatchesTheCode() throws IOException {
		new Documenter(MODULES, OUTPUT.toString())
				.writeModulesAsPlantUml()
				.writeIndividualModulesAsPlantUml()
				.writeModuleCanvases();
		var generated = canonical(Files.readString(OUTPUT.resolve("components.puml")));
		if (Boolean.getBoolean("yuelv.write-modules-puml")) {
			Files.writeString(COMMITTED, generated);
		}

		assertThat(Files.readString(COMMITTED))
				.as("modules.puml is stale: regenerate it with ./mvnw test -Dtest=ModularityTests -Dyuelv.write-modules-puml=true")
				.isEqualTo(generated);
	}

	/**
	 * The Documenter lists components and relations in no fixed order; sorting each run of such lines makes the
	 * committed diagram stable.
	 */
	static String canonical(String puml) {
		var lines = puml.lines().toList();
		var result = new java.util.ArrayList<String>();
		var run = new java.util.ArrayList<String>();
		String runKind = null;
		for (var line : lines) {
			var kind = line.strip().startsWith("Rel(") ? "Rel(" : line.strip().startsWith("Component(") ? "Component(" : null;
			if (kind == null || !kind.equals(runKind)) {
				run.sort(null);
				result.addAll(run);
				run.clear();
			}
			runKind = kind;
			if (kind == null) {
				result.add(line);
			}
			else {
				run.add(line);
			}
		}
		run.sort(null);
		result.addAll(run);
		return String.join("\n", result) + "\n";
	}

	/**
	 * The module metadata in {@code META-INF/spring-modulith} lets the application learn its modules (for per-module
	 * Flyway migrations) without scanning the classpath at start. It must match the code, like {@code modules.puml}.
	 */
	@Test
	void committedModuleMetadataMatchesTheCode() throws IOException {
		var generated = canonicalJson(new ApplicationModulesExporter(MODULES).toJson());
		if (Boolean.getBoolean("yuelv.write-modules-puml")) {
			Files.createDirectories(METADATA.getParent());
			Files.writeString(METADATA, generated);
		}

		assertThat(Files.readString(METADATA))
				.as("%s is stale: regenerate it with ./mvnw test -Dtest=ModularityTests -Dyuelv.write-modules-puml=true",
						METADATA)
				.isEqualTo(generated);
	}

	/** The exporter's JSON with object keys and array elements sorted, so that it is the same on every run. */
	static String canonicalJson(String json) {
		var mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		return mapper.writeValueAsString(sorted(mapper.readValue(json, Object.class))) + "\n";
	}

	private static Object sorted(Object node) {
		return switch (node) {
			case Map<?, ?> map -> {
				var result = new TreeMap<String, Object>();
				map.forEach((key, value) -> result.put(String.valueOf(key), sorted(value)));
				yield result;
			}
			case List<?> list -> list.stream().map(ModularityTests::sorted)
					.sorted(Comparator.comparing(String::valueOf)).toList();
			case null, default -> node;
		};
	}

	@Test
	void committedModuleDiagramRendersWithPlantUml() throws IOException {
		var source = Files.readString(COMMITTED);
		var reader = new SourceStringReader(source);
		var svg = new ByteArrayOutputStream();

		reader.outputImage(svg, new FileFormatOption(FileFormat.SVG));

		assertThat(reader.getBlocks()).hasSize(1);
		assertThat(reader.getBlocks().getFirst().getDiagram()).isNotInstanceOf(PSystemError.class);
		var rendered = svg.toString(StandardCharsets.UTF_8);
		assertThat(rendered).contains("<svg").contains("Identity").contains("Trip").contains("Notification");
	}
}
