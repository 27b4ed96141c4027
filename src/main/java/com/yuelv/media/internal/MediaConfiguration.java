package com.yuelv.media.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Where the files of photos are kept: {@code yuelv.media.store}. */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

	/** The S3 store closes its client when the application stops. */
	@Bean
	BlobStore blobStore(MediaSettings settings) {
		if (settings.store() == MediaSettings.Store.FILESYSTEM) {
			return new FileSystemBlobStore(settings.directory());
		}
		var s3 = settings.s3();
		var client = S3Client.builder().region(Region.of(s3.region())).forcePathStyle(s3.pathStyle());
		var endpoint = s3.endpoint();
		// an empty YUELV_MEDIA_S3_ENDPOINT means AWS's own
		if (endpoint != null && !endpoint.toString().isEmpty()) {
			client.endpointOverride(endpoint);
		}
		client.credentialsProvider(s3.accessKey() == null ? DefaultCredentialsProvider.builder().build()
				: StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(),
						s3.secretKey() == null ? "" : s3.secretKey())));
		return new S3BlobStore(client.build(), java.util.Objects.requireNonNull(s3.bucket()), s3.prefix());
	}
}
