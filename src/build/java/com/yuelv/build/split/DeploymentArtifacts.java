package com.yuelv.build.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Makes one runnable JAR per deployment of a topology from the application's JAR: the classes of the deployment's
 * modules, the platform and the shared kernel; of each other module its modules depend on only its API package (its
 * interfaces, records and events) and, when a local module calls it, its {@code remote} package; of the rest nothing;
 * migrations and resources (a folder named after a module, such as {@code geo/}) only of the deployment's modules;
 * and of the libraries only those its classes reach ({@link LibraryReach}): search's Lucene where search runs, the
 * object store's client where media runs. The JAR names its modules in {@code config/application.properties}
 * ({@code yuelv.split.modules}) and its name ({@code yuelv.split.deployment}), so it runs them, and only them, and
 * speaks for its deployment, without being told.
 */
final class DeploymentArtifacts {

	private static final String CLASSES = "BOOT-INF/classes/";
	private static final String BASE = CLASSES + "com/yuelv/";
	private static final String MIGRATIONS = CLASSES + "db/migration/";
	private static final String SETTINGS = CLASSES + "config/application.properties";
	private static final String LIBRARIES = "BOOT-INF/lib/";
	private static final String CLASSPATH_INDEX = "BOOT-INF/classpath.idx";

	private final Set<String> all;
	private final Map<String, Set<String>> callersByCallee;
	private final Map<String, Set<String>> dependencies;

	/**
	 * @param all every placeable module
	 * @param callersByCallee for each module, the modules that call its API
	 * @param dependencies for each module, the modules it depends on in any way; the artifact holds the API packages of
	 *        those modules' dependencies too, as an API names types of the APIs it depends on
	 */
	DeploymentArtifacts(Set<String> all, Map<String, Set<String>> callersByCallee,
			Map<String, Set<String>> dependencies) {
		this.all = all;
		this.callersByCallee = callersByCallee;
		this.dependencies = transitive(dependencies);
	}

	/**
	 * Writes {@code <name>-<deployment>.jar} for each deployment into the directory, each with the libraries its
	 * classes reach ({@link LibraryReach}); returns the files.
	 */
	List<Path> write(Topology topology, Path applicationJar, Path directory, String name) {
		var written = new ArrayList<Path>();
		try (var source = new JarFile(applicationJar.toFile())) {
			var reach = libraries(source);
			Files.createDirectories(directory);
			for (var deployment : topology.deployments()) {
				var target = directory.resolve(name + "-" + deployment.name() + ".jar");
				write(deployment, source, reach, target);
				written.add(target);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return written;
	}

	private static LibraryReach libraries(JarFile source) throws IOException {
		var reach = new LibraryReach();
		for (var entry : source.stream().filter(it -> it.getName().startsWith(LIBRARIES)
				&& it.getName().endsWith(".jar")).toList()) {
			try (var in = source.getInputStream(entry)) {
				reach.add(entry.getName(), in);
			}
		}
		return reach;
	}

	/** The bytes of the application classes a deployment running the given modules holds. */
	private List<byte[]> classes(JarFile source, Set<String> local) throws IOException {
		var classes = new ArrayList<byte[]>();
		for (var entry : source.stream().filter(it -> it.getName().startsWith(CLASSES)
				&& it.getName().endsWith(".class") && keeps(local, it.getName())).toList()) {
			try (var in = source.getInputStream(entry)) {
				classes.add(in.readAllBytes());
			}
		}
		return classes;
	}

	private void write(Topology.Deployment deployment, JarFile source, LibraryReach reach, Path target)
			throws IOException {
		var local = new TreeSet<>(deployment.modules());
		var libraries = reach.reachedFrom(classes(source, local));
		try (var out = new JarOutputStream(Files.newOutputStream(target))) {
			var entries = source.entries();
			while (entries.hasMoreElements()) {
				var entry = entries.nextElement();
				if (!keeps(local, entry.getName()) || entry.getName().equals(SETTINGS)
						|| entry.getName().startsWith(LIBRARIES) && !libraries.contains(entry.getName())) {
					continue;
				}
				var copy = new ZipEntry(entry);
				if (entry.getName().equals(CLASSPATH_INDEX)) {
					// the launcher's order of the libraries, of those that are here
					var index = new String(source.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8)
							.lines().filter(line -> libraries.stream().anyMatch(line::contains))
							.map(line -> line + "\n").collect(java.util.stream.Collectors.joining())
							.getBytes(StandardCharsets.UTF_8);
					var indexEntry = new ZipEntry(CLASSPATH_INDEX);
					out.putNextEntry(indexEntry);
					out.write(index);
					out.closeEntry();
					continue;
				}
				if (copy.getMethod() == ZipEntry.DEFLATED) {
					copy.setCompressedSize(-1);
				}
				out.putNextEntry(copy);
				try (var in = source.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry(SETTINGS));
			out.write(("# the deployment this artifact is and the modules it holds and runs; generated by the split build\n"
					+ "yuelv.split.deployment=" + deployment.name() + "\n"
					+ "yuelv.split.modules=" + String.join(",", deployment.modules()) + "\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			out.closeEntry();
		}
	}

	/** Whether an entry of the application JAR belongs in the artifact of a deployment running the given modules. */
	boolean keeps(Set<String> local, String entry) {
		if (entry.startsWith(MIGRATIONS)) {
			var module = firstSegment(entry.substring(MIGRATIONS.length()));
			return module == null || !all.contains(module) || local.contains(module);
		}
		if (entry.startsWith(CLASSES) && !entry.startsWith(BASE)) {
			// a module's own resources (geo's place catalogue) sit below a folder named after it
			var module = firstSegment(entry.substring(CLASSES.length()));
			return module == null || !all.contains(module) || local.contains(module);
		}
		if (!entry.startsWith(BASE)) {
			return true;
		}
		var rest = entry.substring(BASE.length());
		var module = firstSegment(rest);
		if (module == null || !all.contains(module) || local.contains(module)) {
			return true;
		}
		var needed = local.stream().anyMatch(it -> dependencies.getOrDefault(it, Set.of()).contains(module));
		if (!needed) {
			return false;
		}
		var inModule = rest.substring(module.length() + 1);
		if (inModule.isEmpty() || !inModule.contains("/")) {
			return true; // the module's API package
		}
		var called = callersByCallee.getOrDefault(module, Set.of()).stream().anyMatch(local::contains);
		return called && inModule.startsWith("remote/");
	}

	private static Map<String, Set<String>> transitive(Map<String, Set<String>> direct) {
		var closure = new java.util.HashMap<String, Set<String>>();
		for (var module : direct.keySet()) {
			var reached = new TreeSet<String>();
			var work = new java.util.ArrayDeque<>(direct.get(module));
			while (!work.isEmpty()) {
				var next = work.poll();
				if (reached.add(next)) {
					work.addAll(direct.getOrDefault(next, Set.of()));
				}
			}
			closure.put(module, reached);
		}
		return closure;
	}

	private static @org.jspecify.annotations.Nullable String firstSegment(String path) {
		var slash = path.indexOf('/');
		return slash < 0 ? null : path.substring(0, slash);
	}
}
