package com.yuelv.platform.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application modules a topology places, read from the module metadata the build generates
 * ({@code META-INF/spring-modulith/application-modules.json}): every module except the shared kernel and the
 * platform, which come with every deployment.
 */
public final class PlaceableModules {

	static final String METADATA = "META-INF/spring-modulith/application-modules.json";
	static final String PLATFORM = "platform";

	private PlaceableModules() {}

	public static Set<String> all() {
		JsonNode modules;
		try (var input = new ClassPathResource(METADATA).getInputStream()) {
			modules = JsonMapper.builder().build().readTree(input);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read the module metadata " + METADATA, e);
		}
		var placeable = new TreeSet<String>();
		for (var entry : modules.properties()) {
			if (!entry.getValue().path("shared").asBoolean(false) && !entry.getKey().equals(PLATFORM)) {
				placeable.add(entry.getKey());
			}
		}
		return placeable;
	}
}
