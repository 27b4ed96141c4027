package com.yuelv.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store of embedded mode keeps the contract, in a directory of the test's own. */
class FileSystemBlobStoreTests extends BlobStoreContract {

	@TempDir Path directory;

	@Override
	BlobStore store() {
		return new FileSystemBlobStore(directory);
	}

	@Test
	void spreadsFilesOverDirectoriesByTheirKeyAndTakesNoOtherName() throws Exception {
		var bytes = new byte[] { 1, 2, 3 };
		var key = key(bytes);
		store().put(key, bytes, "image/jpeg");
		assertThat(Files.exists(directory.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key)))
				.isTrue();
		assertThatThrownBy(() -> store().get("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
	}
}
