package com.yuelv.media.internal;

import java.util.Optional;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Objects in an S3-compatible bucket, through the AWS SDK: key {@code <prefix><sha256>}. S3 writes an object whole
 * or not at all, so readers never see half of one.
 */
final class S3BlobStore implements BlobStore, AutoCloseable {

	private final S3Client s3;
	private final String bucket;
	private final String prefix;

	S3BlobStore(S3Client s3, String bucket, String prefix) {
		this.s3 = s3;
		this.bucket = bucket;
		this.prefix = prefix;
	}

	@Override
	public void put(String sha256, byte[] bytes, String contentType) {
		s3.putObject(request -> request.bucket(bucket).key(prefix + sha256).contentType(contentType)
				.contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
	}

	@Override
	public Optional<byte[]> get(String sha256) {
		try {
			return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(prefix + sha256))
					.asByteArray());
		}
		catch (NoSuchKeyException e) {
			return Optional.empty();
		}
	}

	@Override
	public void delete(String sha256) {
		s3.deleteObject(request -> request.bucket(bucket).key(prefix + sha256));
	}

	@Override
	public void close() {
		s3.close();
	}
}
