package com.yuelv.platform.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets in this process's memory, one per route class and client, forgotten after an hour without requests
 * (a forgotten bucket was full again long before). Bucket4j's buckets are lock-free.
 */
final class LocalBuckets implements Buckets {

	/** Most clients remembered at once; the least recently seen go first. */
	static final long MAX_BUCKETS = 1_000_000;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
			.expireAfterAccess(Duration.ofHours(1))
			.maximumSize(MAX_BUCKETS)
			.build();

	@Override
	public ConsumptionProbe take(String key, RateLimitSettings.Limit limit) {
		var bucket = buckets.get(key + "|" + limit.capacity() + "/" + limit.period().toMillis(), ignored -> Bucket.builder()
				.addLimit(bandwidth -> bandwidth.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
				.build());
		return bucket.tryConsumeAndReturnRemaining(1);
	}
}
