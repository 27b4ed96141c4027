package com.yuelv.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** What every store of photo files does: {@link FileSystemBlobStoreTests} and {@link S3BlobStoreTests} check it. */
abstract class BlobStoreContract {

	abstract BlobStore store();

	static String key(byte[] bytes) {
		return ImageProcessing.sha256(bytes);
	}

	@Test
	void keepsReadsAndDeletesBytesByTheirKey() {
		var bytes = ("a photo's bytes " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		var key = key(bytes);
		assertThat(store().get(key)).isEmpty();

		store().put(key, bytes, "image/jpeg");
		store().put(key, bytes, "image/jpeg");
		assertThat(store().get(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(bytes));

		store().delete(key);
		store().delete(key);
		assertThat(store().get(key)).isEmpty();
	}

	@Test
	void keepsLargeFilesWhole() {
		var bytes = new byte[3 * 1024 * 1024 + 17];
		new java.util.Random(7).nextBytes(bytes);
		var key = key(bytes);
		store().put(key, bytes, "image/jpeg");
		assertThat(store().get(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(bytes));
		store().delete(key);
	}
}
