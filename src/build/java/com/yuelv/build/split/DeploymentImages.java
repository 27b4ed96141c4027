package com.yuelv.build.split;

import com.yuelv.platform.deployment.PlaceableModules;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.OwnershipProvider;
import com.google.cloud.tools.jib.api.buildplan.Port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Assembles one OCI image per deployment with Jib's library, without a container daemon: a tarball that
 * {@code skopeo copy oci-archive:...} or {@code crane push} sends to a registry. Layers, least changing first:
 * <ol>
 * <li>{@code runtime}: the root file system of {@code deploy/image/runtime.sh} (C library, linked Java runtime, the
 * user {@code yuelv}), the same bytes in every deployment's image;</li>
 * <li>{@code dependencies}, {@code spring-boot-loader}, {@code snapshot-dependencies}: the deployment's libraries, as
 * Spring Boot's layered extraction sorts them;</li>
 * <li>{@code application}: the deployment's own JAR and the AOT cache a training run made of it, the only layer a
 * change of the code moves.</li>
 * </ol>
 * Every file carries one fixed modification time ({@link #FILE_TIME}), on disk before the training run as in the
 * layers: the JVM accepts an AOT cache only for JARs and a runtime image whose times match the training run's, and
 * the same input then gives the same layer digests. The container runs as {@code yuelv} (10001), not root.
 */
final class DeploymentImages {

	/** The modification time of every file in an image, and of every file a training run reads. */
	static final Instant FILE_TIME = Instant.ofEpochSecond(1);

	/** The user and group an image runs as: {@code yuelv} in {@code deploy/image/runtime.sh}'s {@code /etc/passwd}. */
	static final int UID = 10001;

	static final String USER = UID + ":" + UID;

	/** The first JDK whose {@code java} makes an AOT cache ({@code -XX:AOTCacheOutput}). */
	static final int AOT_CACHE_JDK = 25;

	static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/app");

	/** Spring Boot's layers of an extracted JAR, in the order the image stacks them. */
	static final List<String> LIBRARY_LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies");

	/** Where the application writes in embedded mode and where the JVM keeps temporary files: the user's own. */
	private static final Set<String> WRITABLE = Set.of("/tmp", "/app/data");

	private static final OwnershipProvider ROOT = (source, target) -> "0:0";

	private final Path runtime;
	private final Path cache;

	/**
	 * @param runtime the root file system of {@code deploy/image/runtime.sh}
	 * @param cache where Jib keeps the layers it has built, so the runtime layer is compressed once for all images
	 */
	DeploymentImages(Path runtime, Path cache) {
		this.runtime = runtime;
		this.cache = cache;
	}

	/**
	 * Writes the image of one deployment.
	 * @param layers Spring Boot's layered extraction of the deployment's JAR ({@code java -Djarmode=tools -jar ...
	 *        extract --layers}), its {@code application} folder holding {@code application.jar} and {@code app.aot}
	 * @param image the image's name, such as {@code registry.yuelv.app/yuelv-search:0.1.0-SNAPSHOT}
	 * @param tarball the file to write
	 */
	JibContainer write(Path layers, String image, Path tarball) {
		try {
			var builder = Jib.fromScratch()
				.setFormat(ImageFormat.OCI)
				.addFileEntriesLayer(runtimeLayer());
			for (var name : LIBRARY_LAYERS) {
				var folder = layers.resolve(name);
				if (Files.isDirectory(folder) && !isEmpty(folder)) {
					builder.addFileEntriesLayer(layer(name, folder, APP, ROOT));
				}
			}
			builder.addFileEntriesLayer(layer("application", layers.resolve("application"), APP, ROOT))
				.setEnvironment(Map.of("JAVA_HOME", "/opt/java", "PATH", "/opt/java/bin:/usr/bin:/bin",
						"YUELV_DATA_DIR", "/app/data", "LANG", "C.UTF-8"))
				.setWorkingDirectory(APP)
				.setUser(USER)
				.setExposedPorts(Port.tcp(8080))
				.setEntrypoint("/opt/java/bin/java", "-XX:AOTCache=app.aot", "-jar", "application.jar")
				.addLabel("org.opencontainers.image.title", image.substring(image.lastIndexOf('/') + 1,
						image.lastIndexOf(':')))
				.addLabel("org.opencontainers.image.version", image.substring(image.lastIndexOf(':') + 1));
			Files.createDirectories(tarball.getParent());
			return builder.containerize(Containerizer.to(TarImage.at(tarball).named(image))
				.setOfflineMode(true)
				.setApplicationLayersCache(cache)
				.setBaseImageLayersCache(cache)
				.setToolName("yuelv-split-build"));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while writing " + image, e);
		}
		catch (Exception e) {
			throw new IllegalStateException("Jib could not write " + image + " to " + tarball, e);
		}
	}

	private FileEntriesLayer runtimeLayer() throws IOException {
		return layer("runtime", runtime, AbsoluteUnixPath.get("/"),
				(source, target) -> WRITABLE.contains(target.toString()) ? USER : "0:0");
	}

	/** A layer of the folder's contents below the path, each entry with its file's permissions. */
	private static FileEntriesLayer layer(String name, Path folder, AbsoluteUnixPath into,
			OwnershipProvider ownership) throws IOException {
		var builder = FileEntriesLayer.builder().setName(name);
		try (Stream<Path> children = Files.list(folder)) {
			for (var child : children.sorted().toList()) {
				builder.addEntryRecursive(child, into.resolve(child.getFileName().toString()),
						DeploymentImages::permissions, (source, target) -> FILE_TIME, ownership);
			}
		}
		return builder.build();
	}

	private static FilePermissions permissions(Path source, AbsoluteUnixPath target) {
		try {
			return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static boolean isEmpty(Path folder) throws IOException {
		try (Stream<Path> children = Files.list(folder)) {
			return children.findAny().isEmpty();
		}
	}

	/** Sets every file and folder below the root to {@link #FILE_TIME}, as the layers will hold them. */
	static void settle(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			for (var path : paths.toList()) {
				Files.setLastModifiedTime(path, FileTime.from(FILE_TIME));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Extracts, trains and writes the image of every deployment of a topology:
	 * {@code java ... DeploymentImages <topology file> <runtime root> <artifact directory> <image directory>}, after
	 * {@code deploy/image/runtime.sh} and the per-deployment artifacts ({@link DeploymentArtifacts}).
	 */
	public static void main(String[] arguments) throws IOException, InterruptedException {
		if (arguments.length != 4) {
			System.err.println("usage: DeploymentImages <split-config/topology.yaml> <runtime root> "
					+ "<artifact directory> <image directory>");
			System.exit(2);
		}
		if (Runtime.version().feature() < AOT_CACHE_JDK) {
			// the images' runtime is linked from this JDK, and their AOT caches are made by it
			System.err.printf("The images need JDK %d or newer to link their runtime and train their AOT caches, not "
					+ "%d: build with it, or leave the images out with -Dsplit.images.skip%n", AOT_CACHE_JDK,
					Runtime.version().feature());
			System.exit(1);
		}
		var topology = TopologyFiles.read(Path.of(arguments[0]), PlaceableModules.all());
		var runtime = Path.of(arguments[1]).toAbsolutePath();
		var artifacts = Path.of(arguments[2]);
		var directory = Path.of(arguments[3]).toAbsolutePath();
		settle(runtime);
		var images = new DeploymentImages(runtime, directory.resolve("cache"));
		var training = new TrainingRun(runtime.resolve("opt/java/bin/java"), PlaceableModules.all());
		for (var deployment : topology.deployments()) {
			var artifact = artifactOf(artifacts, deployment.name());
			var work = directory.resolve(deployment.name());
			var layers = training.prepare(artifact, work, List.of(deployment.resources().maxHeapOption()));
			var name = ManifestWriter.IMAGE_REPOSITORY + "-" + deployment.name() + ":" + ManifestWriter.VERSION;
			var tarball = directory.resolve(deployment.name() + ".tar");
			var container = images.write(layers, name, tarball);
			System.out.printf("  image %s, %s, %.1f MB: %s%n", name, tarball, Files.size(tarball) / 1_048_576.0,
					ImageTarball.read(tarball).describeLayers());
			System.out.printf("    %s%n", container.getDigest());
		}
	}

	private static Path artifactOf(Path directory, String deployment) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(file -> file.getFileName().toString().endsWith("-" + deployment + ".jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no artifact of " + deployment + " in " + directory));
		}
	}
}
