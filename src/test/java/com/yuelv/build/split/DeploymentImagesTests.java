package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentImagesTests {

	private static final String IMAGE = "registry.yuelv.app/yuelv-search:1.0.0";

	@TempDir
	Path directory;

	private Path layers;
	private DeploymentImages images;

	@BeforeEach
	void aRuntimeAndAnExtractedDeployment() throws IOException {
		var runtime = directory.resolve("runtime");
		write(runtime.resolve("opt/java/bin/java"), "the launcher");
		Files.setPosixFilePermissions(runtime.resolve("opt/java/bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
		write(runtime.resolve("lib/x86_64-linux-gnu/libc.so.6"), "the C library");
		Files.createDirectories(runtime.resolve("tmp"));
		Files.createDirectories(runtime.resolve("app/data"));
		layers = directory.resolve("layers");
		write(layers.resolve("dependencies/lib/lucene-core.jar"), "a library");
		Files.createDirectories(layers.resolve("spring-boot-loader"));
		write(layers.resolve("snapshot-dependencies/lib/yuelv-kernel-SNAPSHOT.jar"), "a snapshot");
		write(layers.resolve("application/application.jar"), "the classes");
		write(layers.resolve("application/app.aot"), "the classes, trained");
		images = new DeploymentImages(runtime, directory.resolve("cache"));
	}

	@Test
	void theImageStacksTheRuntimeTheLibrariesAndTheApplicationAndRunsItsAotCacheAsAUserWithoutPrivileges() {
		var image = ImageTarball.read(tarball(images, "first.tar"));

		// runtime, dependencies, snapshot dependencies, application: the empty loader layer is left out
		assertThat(image.layers()).hasSize(4);
		assertThat(image.files(0)).extracting(ImageTarball.Entry::path)
			.contains("opt/java/bin/java", "lib/x86_64-linux-gnu/libc.so.6");
		assertThat(image.files(1)).extracting(ImageTarball.Entry::path).contains("app/lib/lucene-core.jar");
		assertThat(image.files(2)).extracting(ImageTarball.Entry::path).contains("app/lib/yuelv-kernel-SNAPSHOT.jar");
		assertThat(image.files(3)).extracting(ImageTarball.Entry::path)
			.containsExactlyInAnyOrder("app/", "app/app.aot", "app/application.jar");

		assertThat(image.config().get("User").asString()).isEqualTo("10001:10001");
		assertThat(image.config().get("WorkingDir").asString()).isEqualTo("/app");
		assertThat(image.config().get("Entrypoint").valueStream().map(it -> it.asString()))
			.containsExactly("/opt/java/bin/java", "-XX:AOTCache=app.aot", "-jar", "application.jar");
		assertThat(image.environment()).containsEntry("YUELV_DATA_DIR", "/app/data");
	}

	@Test
	void filesKeepTheirModesAndOnlyWhereTheApplicationWritesBelongsToItsUser() {
		var runtime = ImageTarball.read(tarball(images, "first.tar")).files(0);

		assertThat(runtime).filteredOn(entry -> entry.path().equals("opt/java/bin/java"))
			.singleElement()
			.satisfies(java -> assertThat(java.mode() & 0777).isEqualTo(0755))
			.satisfies(java -> assertThat(java.user()).isZero());
		assertThat(runtime).filteredOn(entry -> entry.user() != 0)
			.extracting(ImageTarball.Entry::path)
			.containsExactlyInAnyOrder("tmp/", "app/data/");
		assertThat(runtime).filteredOn(entry -> entry.user() != 0)
			.allSatisfy(entry -> assertThat(entry.user()).isEqualTo(10001))
			.allSatisfy(entry -> assertThat(entry.group()).isEqualTo(10001));
	}

	@Test
	void aChangeOfTheCodeMovesOnlyTheApplicationLayer() throws IOException {
		var before = ImageTarball.read(tarball(images, "first.tar")).layers();
		var again = ImageTarball.read(tarball(images, "again.tar")).layers();
		write(layers.resolve("application/application.jar"), "the classes, changed");
		write(layers.resolve("application/app.aot"), "the changed classes, trained");
		var after = ImageTarball.read(tarball(images, "changed.tar")).layers();

		assertThat(again).as("the same input, the same layers").isEqualTo(before);
		assertThat(after.subList(0, 3)).isEqualTo(before.subList(0, 3));
		assertThat(after.get(3)).isNotEqualTo(before.get(3));
	}

	private Path tarball(DeploymentImages images, String name) {
		var tarball = directory.resolve(name);
		images.write(layers, IMAGE, tarball);
		return tarball;
	}

	private static void write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}
}
