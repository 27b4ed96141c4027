package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration reference, {@code docs/configuration.md}, is generated from the settings classes: the metadata
 * Spring Boot's configuration processor writes at compile time from their {@code @ConfigurationProperties}, defaults
 * and Javadoc. The committed reference must be what the code says; regenerate it with
 * {@code ./mvnw test -Dtest=ConfigurationReferenceTests -Dyuelv.write-docs=true}.
 */
class ConfigurationReferenceTests {

	static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
	static final Path REFERENCE = Path.of("docs/configuration.md");

	@Test
	void theCommittedReferenceIsWhatTheSettingsClassesSay() throws IOException {
		var generated = render(JsonMapper.builder().build().readTree(Files.readString(METADATA)));
		if (Boolean.getBoolean("yuelv.write-docs")) {
			Files.writeString(REFERENCE, generated);
		}
		assertThat(Files.readString(REFERENCE))
				.as("%s is stale: regenerate it with ./mvnw test -Dtest=ConfigurationReferenceTests "
						+ "-Dyuelv.write-docs=true", REFERENCE)
				.isEqualTo(generated);
	}

	@Test
	void everySettingIsDescribed() throws IOException {
		var metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA));
		var undescribed = new ArrayList<String>();
		metadata.path("properties").forEach(property -> {
			if (property.path("name").asString().startsWith("yuelv.")
					&& property.path("description").asString("").isBlank()) {
				undescribed.add(property.path("name").asString());
			}
		});
		assertThat(undescribed).as("settings without a description (Javadoc @param on the settings record)").isEmpty();
	}

	static String render(JsonNode metadata) {
		var text = new StringBuilder("""
				# Configuration reference

				Every `yuelv.*` setting, generated from the settings classes (their `@ConfigurationProperties`,
				defaults and Javadoc) by `ConfigurationReferenceTests`, which fails when this file is stale; regenerate
				it with `./mvnw test -Dtest=ConfigurationReferenceTests -Dyuelv.write-docs=true`. Where the
				application's own `application.yaml` or a profile file sets a value, that value is in force; the
				environment variables that feed settings are listed in [operations.md](operations.md#configuration).

				| key | type | default | meaning |
				|---|---|---|---|
				""");
		var properties = new ArrayList<JsonNode>();
		metadata.path("properties").forEach(property -> {
			if (property.path("name").asString().startsWith("yuelv.")) {
				properties.add(property);
			}
		});
		properties.sort(Comparator.comparing(property -> property.path("name").asString()));
		for (var property : properties) {
			text.append("| `").append(property.path("name").asString()).append("` | ")
					.append(type(property.path("type").asString(""))).append(" | ")
					.append(defaultValue(property.path("defaultValue"))).append(" | ")
					.append(cell(property.path("description").asString(""))).append(" |\n");
		}
		return text.toString();
	}

	private static String type(String type) {
		var simple = type.replaceAll("[a-z][a-z0-9_]*\\.", "").replace("$", ".");
		return simple.isEmpty() ? "" : "`" + simple + "`";
	}

	private static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			var items = new ArrayList<String>();
			value.forEach(item -> items.add(item.asString()));
			return "`" + String.join(",", items) + "`";
		}
		var text = value.asString();
		return text.isEmpty() ? "(empty)" : "`" + text + "`";
	}

	private static String cell(String description) {
		return description.replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
				.replaceAll("\\{@link(?:plain)? #?([^}]*)}", "`$1`")
				.replace("|", "\\|").replaceAll("\\s+", " ").strip();
	}
}
