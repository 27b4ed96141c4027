package com.yuelv.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application modules a topology places, read from the module metadata the build generates
 * ({@code META-INF/spring-modulith/application-modules.json}): every module except the shared kernel and the
 * platform with its areas (its nested modules), which come with every deployment.
 */
public final class PlaceableModules {

	static final String METADATA = "META-INF/spring-modulith/application-modules.json";
	static final String PLATFORM = "platform";
	private static final String BASE = "com.yuelv";
	private static final String KERNEL = BASE + ".shared";

	private PlaceableModules() {}

	public static Set<String> all() {
		var modules = metadata();
		var nested = new TreeSet<String>();
		for (var entry : modules.properties()) {
			entry.getValue().path("nested").forEach(name -> nested.add(name.asString()));
		}
		var placeable = new TreeSet<String>();
		for (var entry : modules.properties()) {
			if (!entry.getValue().path("shared").asBoolean(false) && !entry.getKey().equals(PLATFORM)
					&& !nested.contains(entry.getKey())) {
				placeable.add(entry.getKey());
			}
		}
		return placeable;
	}

	/** For each placeable module whose events others listen to, the placeable modules that listen to them. */
	public static Map<String, Set<String>> listenersByPublisher() {
		return dependents("EVENT_LISTENER");
	}

	/**
	 * For each placeable module whose components (its API) others call, the placeable modules that call them. A module
	 * that serves a port of the shared kernel (such as {@code TokenRevocations}) counts as called by every module: the
	 * platform of every deployment relies on that port.
	 */
	public static Map<String, Set<String>> callersByCallee() {
		var callers = dependents("USES_COMPONENT");
		for (var server : Metadata.KERNEL_PORT_SERVERS) {
			var everyone = new TreeSet<>(all());
			everyone.remove(server);
			callers.computeIfAbsent(server, it -> new TreeSet<>()).addAll(everyone);
		}
		return callers;
	}

	/**
	 * The placeable modules whose API can be called from another deployment: those with a {@code remote} package that
	 * serves it ({@link RemoteFace}). A module that calls one of the others must run beside it.
	 */
	public static Set<String> calledRemotely() {
		var served = new TreeSet<String>();
		for (var module : all()) {
			if (!RemoteFace.of(module).isEmpty()) {
				served.add(module);
			}
		}
		return served;
	}

	/** For each placeable module, the placeable modules it depends on in any way (calls, listens to, names types of). */
	public static Map<String, Set<String>> dependencies() {
		var placeable = all();
		var dependencies = new TreeMap<String, Set<String>>();
		for (var entry : metadata().properties()) {
			if (placeable.contains(entry.getKey())) {
				var targets = new TreeSet<String>();
				for (var dependency : entry.getValue().path("dependencies")) {
					var target = dependency.path("target").asString("");
					if (placeable.contains(target)) {
						targets.add(target);
					}
				}
				Metadata.KERNEL_PORT_SERVERS.stream().filter(server -> !server.equals(entry.getKey()))
						.forEach(targets::add);
				dependencies.put(entry.getKey(), targets);
			}
		}
		return dependencies;
	}

	private static Map<String, Set<String>> dependents(String dependencyType) {
		var placeable = all();
		var listeners = new TreeMap<String, Set<String>>();
		for (var entry : metadata().properties()) {
			if (!placeable.contains(entry.getKey())) {
				continue;
			}
			for (var dependency : entry.getValue().path("dependencies")) {
				var publisher = dependency.path("target").asString("");
				var listens = false;
				for (var type : dependency.path("types")) {
					listens |= dependencyType.equals(type.asString(""));
				}
				if (listens && placeable.contains(publisher)) {
					listeners.computeIfAbsent(publisher, it -> new TreeSet<>()).add(entry.getKey());
				}
			}
		}
		return listeners;
	}

	private static JsonNode metadata() {
		return Metadata.MODULES;
	}

	/** The metadata, read once: it is part of the build and never changes while the application runs. */
	private static final class Metadata {

		static final JsonNode MODULES = read();
		static final Set<String> KERNEL_PORT_SERVERS = kernelPortServers();

		/** The placeable modules whose {@code remote} package implements an interface of the shared kernel. */
		private static Set<String> kernelPortServers() {
			var scanner = new ClassPathScanningCandidateComponentProvider(false);
			scanner.addIncludeFilter((reader, factory) -> java.util.Arrays.stream(
					reader.getClassMetadata().getInterfaceNames()).anyMatch(name -> name.startsWith(KERNEL + ".")
							&& name.indexOf('.', KERNEL.length() + 1) < 0));
			var servers = new TreeSet<String>();
			for (var module : all()) {
				if (!scanner.findCandidateComponents(BASE + "." + module + ".remote").isEmpty()) {
					servers.add(module);
				}
			}
			return servers;
		}

		private static JsonNode read() {
			try (var input = new ClassPathResource(METADATA).getInputStream()) {
				return JsonMapper.builder().build().readTree(input);
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot read the module metadata " + METADATA, e);
			}
		}
	}
}
