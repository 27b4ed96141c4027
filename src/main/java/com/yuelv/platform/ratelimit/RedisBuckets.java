package com.yuelv.platform.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Token buckets in Redis, shared by every replica: Bucket4j keeps each bucket's state in one key and changes it by
 * compare-and-swap, so the replicas together admit no more than the limit. When Redis cannot be reached the buckets
 * fall back to this process's memory (limits then hold per replica), which is logged and shown by the metric
 * {@code yuelv.ratelimit.redis.fallback}; Redis is tried again after {@link #RETRY_AFTER}. Requests keep flowing.
 */
final class RedisBuckets implements Buckets, DisposableBean {

	private static final Logger LOG = LoggerFactory.getLogger(RedisBuckets.class);
	/** How long one Redis call may take before the request goes on with a local bucket. */
	static final Duration TIMEOUT = Duration.ofMillis(250);
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final RedisClient client;
	private final String keyPrefix;
	private final LocalBuckets fallback = new LocalBuckets();
	private final Cache<String, Bucket> proxiesByKey = Caffeine.newBuilder()
			.expireAfterAccess(Duration.ofMinutes(10))
			.maximumSize(LocalBuckets.MAX_BUCKETS)
			.build();
	private final AtomicBoolean fallingBack = new AtomicBoolean();
	private final LongAdder fallbacks = new LongAdder();
	private volatile @Nullable ProxyManager<String> buckets;
	private volatile long skipRedisUntil;

	RedisBuckets(String redisUrl, String keyPrefix, MeterRegistry meters) {
		// the URI's timeout bounds the connect's handshake too: a Redis that accepts and never answers would otherwise
		// hold the first requests for a minute
		var uri = RedisURI.create(redisUrl);
		uri.setTimeout(TIMEOUT);
		this.client = RedisClient.create(uri);
		this.client.setOptions(ClientOptions.builder()
				.socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
				.timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
				.build());
		this.keyPrefix = keyPrefix;
		// nanoTime may be negative: "skip until" starts at now, not at zero
		this.skipRedisUntil = System.nanoTime();
		Gauge.builder("yuelv.ratelimit.redis.fallback", fallingBack, state -> state.get() ? 1 : 0)
				.description("1 while rate limits use local buckets because Redis cannot be reached").register(meters);
		FunctionCounter.builder("yuelv.ratelimit.redis.fallbacks", fallbacks, LongAdder::sum)
				.description("Requests limited by a local bucket because Redis could not be reached").register(meters);
	}

	@Override
	public ConsumptionProbe take(String key, RateLimitSettings.Limit limit) {
		if (System.nanoTime() - skipRedisUntil < 0) {
			fallbacks.increment();
			return fallback.take(key, limit);
		}
		try {
			var probe = bucket(keyPrefix + key + "|" + limit.capacity() + "/" + limit.period().toMillis(), limit)
					.tryConsumeAndReturnRemaining(1);
			if (fallingBack.compareAndSet(true, false)) {
				LOG.info("Rate limits are back on Redis");
			}
			return probe;
		}
		catch (RuntimeException e) {
			skipRedisUntil = System.nanoTime() + RETRY_AFTER.toNanos();
			if (fallingBack.compareAndSet(false, true)) {
				LOG.warn("Redis cannot be reached for rate limits ({}); limiting per replica for now", e.toString());
			}
			fallbacks.increment();
			return fallback.take(key, limit);
		}
	}

	/**
	 * The proxy of a bucket, one per key in this process, so that concurrent requests of one client (a busy address
	 * behind a NAT, say) are batched into one compare-and-swap instead of retrying against each other.
	 */
	private Bucket bucket(String key, RateLimitSettings.Limit limit) {
		return proxiesByKey.get(key, ignored -> proxies().builder()
				.withOptimization(Optimizations.batching())
				.build(key, () -> BucketConfiguration.builder()
						.addLimit(bandwidth -> bandwidth.capacity(limit.capacity())
								.refillGreedy(limit.capacity(), limit.period()))
						.build()));
	}

	private ProxyManager<String> proxies() {
		var current = buckets;
		if (current == null) {
			synchronized (this) {
				current = buckets;
				if (current == null) {
					// requests that queued here while a connect failed go to the local buckets at once rather than
					// each trying (and waiting out) a connect of its own
					if (System.nanoTime() - skipRedisUntil < 0) {
						throw new IllegalStateException("Redis was not reached on the last try");
					}
					StatefulRedisConnection<String, byte[]> connection;
					try {
						connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
					}
					catch (RuntimeException e) {
						// before the lock is let go, so that the next in line sees it
						skipRedisUntil = System.nanoTime() + RETRY_AFTER.toNanos();
						throw e;
					}
					current = Bucket4jLettuce.casBasedBuilder(connection)
							.expirationAfterWrite(ExpirationAfterWriteStrategy
									.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
							.requestTimeout(TIMEOUT)
							.build();
					buckets = current;
				}
			}
		}
		return current;
	}

	@Override
	public void destroy() {
		client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
	}
}
