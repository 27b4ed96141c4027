package com.yuelv.platform.cache;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The two-level cache, under {@code yuelv.cache.*}.
 *
 * @param redisEnabled whether the second level and the cross-replica invalidation run on Redis; off in embedded mode
 * @param channel the Redis pub/sub channel that carries invalidations between replicas
 * @param keyPrefix prefix of every Redis key the cache writes
 * @param repeatEvictionsAfter an eviction is repeated at each of these delays after the first one, which drops a
 *     value that a read racing the change may have put back
 * @param defaults settings of a cache that has none of its own
 * @param caches settings per cache name
 * @param answers the public reads' answers each replica keeps ({@link KeptAnswers})
 */
@ConfigurationProperties("yuelv.cache")
public record CacheSettings(
		@DefaultValue("false") boolean redisEnabled,
		@DefaultValue("yuelv:cache:invalidations") String channel,
		@DefaultValue("yuelv:cache:") String keyPrefix,
		@DefaultValue({ "500ms", "5s" }) java.util.List<Duration> repeatEvictionsAfter,
		@DefaultValue Spec defaults,
		@DefaultValue Map<String, Spec> caches,
		@DefaultValue Answers answers) {

	public CacheSettings {
		if (repeatEvictionsAfter.stream().anyMatch(delay -> !delay.isPositive())) {
			throw new IllegalArgumentException("yuelv.cache.repeat-evictions-after must hold positive durations");
		}
		caches.forEach((name, spec) -> spec.check("yuelv.cache.caches." + name));
		defaults.check("yuelv.cache.defaults");
	}

	/**
	 * One cache's settings.
	 *
	 * @param localTtl how long a replica keeps an entry in memory: the bound on staleness should an invalidation be
	 *     lost
	 * @param localMaxSize how many entries a replica keeps in memory at most
	 * @param sharedTtl how long an entry stays in Redis
	 */
	public record Spec(
			@DefaultValue("30s") Duration localTtl,
			@DefaultValue("10000") long localMaxSize,
			@DefaultValue("10m") Duration sharedTtl) {

		void check(String key) {
			if (!localTtl.isPositive()) {
				throw new IllegalArgumentException(key + ".local-ttl must be positive");
			}
			if (localMaxSize < 1) {
				throw new IllegalArgumentException(key + ".local-max-size must be at least 1");
			}
			if (sharedTtl.toMillis() < 1) {
				throw new IllegalArgumentException(key + ".shared-ttl must be at least 1ms");
			}
		}
	}

	/**
	 * The answers to public reads a replica keeps and serves again before the security chain and the controllers.
	 *
	 * @param lifetime how long an answer is kept at most (never beyond its own {@code max-age}); zero keeps none
	 * @param maxSize how many bytes of answers a replica keeps at most
	 * @param largest an answer larger than this is never kept
	 */
	public record Answers(
			@DefaultValue("1s") Duration lifetime,
			@DefaultValue("16MB") DataSize maxSize,
			@DefaultValue("256KB") DataSize largest) {

		public Answers {
			if (lifetime.isNegative()) {
				throw new IllegalArgumentException("yuelv.cache.answers.lifetime must not be negative");
			}
			if (maxSize.toBytes() < largest.toBytes() || largest.toBytes() < 1) {
				throw new IllegalArgumentException(
						"yuelv.cache.answers.largest must be positive and no more than yuelv.cache.answers.max-size");
			}
		}
	}

	public Spec spec(String cacheName) {
		return caches.getOrDefault(cacheName, defaults);
	}
}
