package com.yuelv.build.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prepares a deployment's JAR for its image: Spring Boot's layered extraction, the application's JAR renamed
 * {@code application.jar}, and a JDK AOT cache ({@code app.aot}) made by a training run of the image's own Java
 * runtime that starts the application context in embedded mode and stops after its refresh. The JVM takes the cache
 * at another path than the training run's, as long as the runtime, the JARs and their modification times are the
 * same ({@link DeploymentImages#settle}).
 */
final class TrainingRun {

	private static final long TIMEOUT_MINUTES = 5;

	private final Path java;
	private final Set<String> modules;

	/**
	 * @param java the image runtime's {@code java}
	 * @param modules every placeable module: those the deployment does not hold are given an address that answers
	 *        nothing, as none is called while the context starts
	 */
	TrainingRun(Path java, Set<String> modules) {
		this.java = java;
		this.modules = modules;
	}

	/**
	 * Extracts and trains the artifact below the work directory, with the JVM options the deployment will run with
	 * (its heap: the cache is made for the heap's layout); returns the folder of its layers.
	 */
	Path prepare(Path artifact, Path work, List<String> jvmOptions) throws IOException, InterruptedException {
		delete(work);
		var layers = work.resolve("layers");
		run(work, work.resolve("extract.log"), java.toString(), "-Djarmode=tools", "-jar",
				artifact.toAbsolutePath().toString(), "extract", "--layers", "--destination", layers.toString());
		var application = layers.resolve("application");
		try (Stream<Path> jars = Files.list(application)) {
			var jar = jars.filter(file -> file.toString().endsWith(".jar")).findFirst().orElseThrow();
			Files.move(jar, application.resolve("application.jar"));
		}
		DeploymentImages.settle(layers);

		// the image's /app: one folder holding every layer's files, linked rather than copied
		var app = work.resolve("app");
		for (var layer : Stream.concat(DeploymentImages.LIBRARY_LAYERS.stream(), Stream.of("application")).toList()) {
			var from = layers.resolve(layer);
			if (Files.isDirectory(from)) {
				link(from, app);
			}
		}
		var command = new ArrayList<String>();
		command.add(java.toString());
		command.addAll(jvmOptions);
		command.add("-XX:AOTCacheOutput=" + application.resolve("app.aot"));
		command.add("-Dspring.context.exit=onRefresh");
		command.add("-jar");
		command.add("application.jar");
		command.add("--server.port=0");
		command.add("--yuelv.data-dir=" + work.resolve("data"));
		command.add("--logging.level.root=WARN");
		modules.forEach(module -> command.add("--yuelv.split.peers." + module + "=http://localhost:9"));
		run(app, work.resolve("training.log"), command.toArray(String[]::new));
		delete(app);
		delete(work.resolve("data"));
		return layers;
	}

	private static void link(Path from, Path into) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (var path : paths.toList()) {
				var target = into.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.createLink(target, path);
				}
			}
		}
	}

	private static void run(Path directory, Path log, String... command) throws IOException, InterruptedException {
		Files.createDirectories(directory);
		var process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not end within " + TIMEOUT_MINUTES
					+ " minutes; see " + log);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
					+ "); see " + log);
		}
	}

	private static void delete(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
