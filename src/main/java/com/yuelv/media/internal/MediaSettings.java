package com.yuelv.media.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Photos, under {@code yuelv.media.*}.
 *
 * @param maxSide widest and tallest image accepted, in pixels, read from its header before any decoding
 * @param maxPixels most pixels an image may have (width times height): what decoding it costs in memory, 4 bytes each
 * @param originalSide longest side of the stored photo; larger ones are scaled down
 * @param largeSide longest side of the large thumbnail
 * @param smallSide longest side of the small thumbnail
 * @param unattachedFor an upload no moment took within this time is deleted
 * @param sweepInterval how often each replica deletes released photos, forgotten uploads and unused files
 * @param store where files are kept: {@code filesystem} (under {@code directory}) or {@code s3}
 * @param directory the file system store's directory
 * @param s3 the S3-compatible object storage
 * @param processing how many uploads a replica decodes at once
 */
@ConfigurationProperties("yuelv.media")
record MediaSettings(
		@DefaultValue("10000") int maxSide,
		@DefaultValue("40000000") long maxPixels,
		@DefaultValue("4096") int originalSide,
		@DefaultValue("1280") int largeSide,
		@DefaultValue("320") int smallSide,
		@DefaultValue("24h") Duration unattachedFor,
		@DefaultValue("10m") Duration sweepInterval,
		@DefaultValue("filesystem") Store store,
		@DefaultValue("./data/media") Path directory,
		@DefaultValue S3 s3,
		@DefaultValue Processing processing) {

	/** Where files are kept. */
	enum Store {
		FILESYSTEM, S3
	}

	MediaSettings {
		if (maxSide < 1 || maxPixels < 1 || smallSide < 16 || largeSide < smallSide || originalSide < largeSide) {
			throw new IllegalArgumentException("yuelv.media needs positive bounds and small-side (16 or more) <= "
					+ "large-side <= original-side");
		}
		if (store == Store.S3 && (s3.bucket() == null || s3.bucket().isBlank())) {
			throw new IllegalArgumentException("yuelv.media.s3.bucket is needed when yuelv.media.store is s3");
		}
	}

	/**
	 * How many uploads a replica decodes at once. A decoded image holds 4 bytes a pixel, up to {@code maxPixels}
	 * (160 MB at the default), and turning it upright and scaling it holds as much again, for about a second; uploads
	 * beyond the bound wait their turn, first come first served, so that a burst of them cannot take the heap the
	 * deployment is given ({@code split-config}).
	 *
	 * @param concurrency uploads decoded at once
	 * @param maxWait how long an upload waits for its turn before it is refused as overloaded (503, Retry-After)
	 */
	record Processing(@DefaultValue("1") int concurrency, @DefaultValue("10s") Duration maxWait) {

		Processing {
			if (concurrency < 1 || maxWait.isNegative()) {
				throw new IllegalArgumentException("yuelv.media.processing needs a concurrency of 1 or more and a "
						+ "max-wait that is not negative");
			}
		}
	}

	/**
	 * The object storage.
	 *
	 * @param bucket where the files go
	 * @param endpoint the S3 API's address, for a store other than AWS (MinIO, Ceph, a cloud's S3-compatible
	 *     service); AWS's own when not set
	 * @param region the region to sign requests for
	 * @param pathStyle whether the bucket goes in the path rather than the host name, as most S3-compatible stores
	 *     want
	 * @param accessKey the access key; the AWS SDK's default credentials (environment, profile, instance role) when
	 *     not set
	 * @param secretKey the secret key that goes with the access key
	 * @param prefix prefix of every object's key
	 */
	record S3(@Nullable String bucket, @Nullable URI endpoint, @DefaultValue("us-east-1") String region,
			@DefaultValue("true") boolean pathStyle, @Nullable String accessKey, @Nullable String secretKey,
			@DefaultValue("photos/") String prefix) {}
}
