package com.yuelv.platform.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared cache level on Redis. A value is stored as its class name and its JSON; only the application's own
 * types are read back. Invalidations go to every replica over a pub/sub channel. Redis pub/sub delivers at most once,
 * so a lost message leaves an entry stale for at most its {@link CacheSettings.Spec#localTtl() local TTL}.
 */
final class RedisSharedLevel implements SharedLevel {

	private static final Logger LOG = LoggerFactory.getLogger(RedisSharedLevel.class);
	private static final String OWN_TYPES = "com.yuelv.";

	private final StringRedisTemplate redis;
	private final JsonMapper json;
	private final CacheSettings settings;
	private final LongAdder failures = new LongAdder();

	RedisSharedLevel(StringRedisTemplate redis, JsonMapper json, CacheSettings settings, MeterRegistry meters) {
		this.redis = redis;
		this.json = json;
		this.settings = settings;
		FunctionCounter.builder("yuelv.cache.shared.failures", failures, LongAdder::sum)
				.description("Calls to the shared cache level that failed and were treated as misses")
				.register(meters);
	}

	@Override
	public @Nullable Object get(String cacheName, Object key) {
		try {
			var stored = redis.opsForValue().get(redisKey(cacheName, key));
			return stored == null ? null : decode(stored);
		}
		catch (RuntimeException e) {
			failed("read", e);
			return null;
		}
	}

	@Override
	public void put(String cacheName, Object key, Object value, Duration ttl) {
		try {
			redis.opsForValue().set(redisKey(cacheName, key),
					value.getClass().getName() + '\n' + json.writeValueAsString(value), ttl);
		}
		catch (RuntimeException e) {
			failed("write", e);
		}
	}

	@Override
	public void evict(String cacheName, Object key) {
		evictEverywhere(cacheName, key.toString());
	}

	@Override
	public void clear(String cacheName) {
		try {
			var keys = new ArrayList<String>();
			try (var cursor = redis.scan(ScanOptions.scanOptions()
					.match(settings.keyPrefix() + cacheName + ":*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
			redis.convertAndSend(settings.channel(), Invalidation.clear(cacheName).encode());
		}
		catch (RuntimeException e) {
			failed("clear", e);
		}
	}

	private void evictEverywhere(String cacheName, String key) {
		try {
			redis.delete(redisKey(cacheName, key));
			redis.convertAndSend(settings.channel(), Invalidation.evict(cacheName, key).encode());
		}
		catch (RuntimeException e) {
			failed("evict", e);
		}
	}

	private @Nullable Object decode(String stored) {
		var newline = stored.indexOf('\n');
		var type = newline < 0 ? "" : stored.substring(0, newline);
		if (!type.startsWith(OWN_TYPES)) {
			LOG.warn("Ignoring a cached value of type '{}', which is not one of the application's", type);
			return null;
		}
		try {
			return json.readValue(stored.substring(newline + 1), Class.forName(type));
		}
		catch (ClassNotFoundException | RuntimeException e) {
			// written by another release of the application: a miss, and overwritten by the next load
			LOG.debug("Cached value of type {} is unreadable", type, e);
			return null;
		}
	}

	private String redisKey(String cacheName, Object key) {
		return settings.keyPrefix() + cacheName + ":" + key;
	}

	private void failed(String operation, RuntimeException e) {
		failures.increment();
		LOG.warn("Shared cache {} failed, carrying on without it: {}", operation, e.toString());
	}

	/** What one replica tells the others: drop a key, or a whole cache, from memory. */
	record Invalidation(String cacheName, @Nullable String key) {

		static Invalidation evict(String cacheName, String key) {
			return new Invalidation(cacheName, key);
		}

		static Invalidation clear(String cacheName) {
			return new Invalidation(cacheName, null);
		}

		String encode() {
			return key == null ? "clear\t" + cacheName : "evict\t" + cacheName + "\t" + key;
		}

		static @Nullable Invalidation decode(byte[] body) {
			var parts = new String(body, StandardCharsets.UTF_8).split("\t", 3);
			if (parts.length == 2 && parts[0].equals("clear")) {
				return clear(parts[1]);
			}
			if (parts.length == 3 && parts[0].equals("evict")) {
				return evict(parts[1], parts[2]);
			}
			return null;
		}
	}
}
