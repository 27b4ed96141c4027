package com.yuelv.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-encryption key in a file: made once, readable by its owner only, the same key for every process that reads
 * the file, and a file that holds no keyset fails the start naming the setting.
 */
class FileKeyEncryptionKeyTests {

	@TempDir Path directory;

	@Test
	void isMadeOnceOwnerOnlyAndReadAlikeByEveryProcess() throws Exception {
		var file = directory.resolve("keys/kek.bin");
		var first = new FileKeyEncryptionKey(file);
		var contents = Files.readAllBytes(file);
		var second = new FileKeyEncryptionKey(file);

		assertThat(Files.readAllBytes(file)).as("not made again").isEqualTo(contents);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		var sealed = first.aead().encrypt("data keys".getBytes(StandardCharsets.UTF_8), new byte[0]);
		assertThat(new String(second.aead().decrypt(sealed, new byte[0]), StandardCharsets.UTF_8))
			.isEqualTo("data keys");
		try (var files = Files.list(file.getParent())) {
			assertThat(files).as("no temporary file left").containsExactly(file);
		}
	}

	@Test
	void aFileWithoutAKeysetFailsNamingTheSetting() throws Exception {
		var file = Files.writeString(directory.resolve("kek.bin"), "not a keyset");
		assertThatIllegalStateException().isThrownBy(() -> new FileKeyEncryptionKey(file))
			.withMessageContaining("yuelv.keys.kek-file");
	}
}
