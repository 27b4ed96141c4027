package com.yuelv.media.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.yuelv.S3Mock;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The production store keeps the contract against a real S3 API server (S3Mock), through the AWS SDK. */
class S3BlobStoreTests extends BlobStoreContract {

	static S3Mock s3mock;
	static S3Client s3;

	@BeforeAll
	static void start() throws Exception {
		s3mock = S3Mock.start("yuelv-media");
		s3 = S3Client.builder().endpointOverride(s3mock.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
				.build();
	}

	@AfterAll
	static void stop() throws Exception {
		s3.close();
		s3mock.close();
	}

	@Override
	BlobStore store() {
		return new S3BlobStore(s3, "yuelv-media", "photos/");
	}
}
