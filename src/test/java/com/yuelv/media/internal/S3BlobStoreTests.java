package com.yuelv.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.yuelv.S3Mock;

/**
 * The production store keeps the contract against a real S3 API server (S3Mock), through the AWS SDK, made as the
 * application makes it from {@code yuelv.media.s3.*} (endpoint, path-style addressing, static credentials).
 */
class S3BlobStoreTests extends BlobStoreContract {

	static S3Mock s3mock;
	static BlobStore store;

	@BeforeAll
	static void start() throws Exception {
		s3mock = S3Mock.start("yuelv-media");
		var settings = new MediaSettings(10_000, 40_000_000, 4096, 1280, 320, Duration.ofHours(24),
				Duration.ofMinutes(10), MediaSettings.Store.S3, Path.of("unused"), new MediaSettings.S3("yuelv-media",
						s3mock.endpoint(), "us-east-1", true, "test", "test", "photos/"),
				new MediaSettings.Processing(1, Duration.ofSeconds(10)));
		store = new MediaConfiguration().blobStore(settings);
		assertThat(store).isInstanceOf(S3BlobStore.class);
	}

	@AfterAll
	static void stop() throws Exception {
		((S3BlobStore) store).close();
		s3mock.close();
	}

	@Override
	BlobStore store() {
		return store;
	}
}
