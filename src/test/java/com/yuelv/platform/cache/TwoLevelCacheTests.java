package com.yuelv.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class TwoLevelCacheTests {

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();
	final CacheSettings.Spec spec = new CacheSettings.Spec(Duration.ofMinutes(1), 100, Duration.ofMinutes(5));

	/** A shared level in a map, standing in for Redis. */
	static class MapLevel implements SharedLevel {

		final Map<String, Object> values = new ConcurrentHashMap<>();
		final AtomicInteger evictions = new AtomicInteger();

		@Override
		public @Nullable Object get(String cacheName, Object key) {
			return values.get(cacheName + ":" + key);
		}

		@Override
		public void put(String cacheName, Object key, Object value, Duration ttl) {
			values.put(cacheName + ":" + key, value);
		}

		@Override
		public void evict(String cacheName, Object key) {
			values.remove(cacheName + ":" + key);
			evictions.incrementAndGet();
		}

		@Override
		public void clear(String cacheName) {
			values.clear();
		}
	}

	private double gets(String level, String result) {
		return meters.get("yuelv.cache.gets").tags("cache", "trips", "level", level, "result", result)
				.functionCounter().count();
	}

	@Test
	void readsMemoryThenTheSharedLevelThenLoadsAndFillsBoth() {
		var shared = new MapLevel();
		var replicaA = new TwoLevelCache("trips", spec, shared, TwoLevelCache.Repeater.NEVER, meters);
		var loads = new AtomicInteger();

		assertThat(replicaA.get("t1", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(replicaA.get("t1", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(shared.values).containsEntry("trips:t1", "v1");
		assertThat(gets("local", "hit")).isEqualTo(1);
		assertThat(gets("local", "miss")).isEqualTo(1);

		var replicaB = new TwoLevelCache("trips", spec, shared, TwoLevelCache.Repeater.NEVER, new SimpleMeterRegistry());
		assertThat(replicaB.get("t1", () -> "v" + loads.incrementAndGet())).as("from the shared level").isEqualTo("v1");
		assertThat(loads).hasValue(1);
		assertThat(meters.get("yuelv.cache.hit.ratio").tags("cache", "trips", "level", "local").gauge().value())
				.isEqualTo(0.5);
	}

	@Test
	void anEvictionEmptiesBothLevelsAndAnotherReplicasMemoryOnlyWhenTold() {
		var shared = new MapLevel();
		var replicaA = new TwoLevelCache("trips", spec, shared, TwoLevelCache.Repeater.NEVER, meters);
		var replicaB = new TwoLevelCache("trips", spec, shared, TwoLevelCache.Repeater.NEVER, new SimpleMeterRegistry());
		replicaA.get("t1", () -> "old");
		replicaB.get("t1", () -> "old");

		replicaA.evict("t1");
		assertThat(shared.values).doesNotContainKey("trips:t1");
		assertThat(replicaA.get("t1", () -> "new")).isEqualTo("new");
		assertThat(replicaB.get("t1", () -> "new")).as("until the invalidation arrives").isEqualTo("old");
		replicaB.evictLocally("t1");
		assertThat(replicaB.get("t1", () -> "newer")).as("shared level, filled by A").isEqualTo("new");
	}

	@Test
	void aRepeatedEvictionDropsAnOldValueARacingReadPutBack() {
		var shared = new MapLevel();
		var repeats = new java.util.ArrayList<Runnable>();
		var cache = new TwoLevelCache("trips", spec, shared, repeats::add, meters);
		cache.get("t1", () -> "old");

		cache.evict("t1");
		// a read that loaded the old row before the change committed finishes after the eviction
		cache.put("t1", "old");
		assertThat(cache.get("t1", () -> "new")).isEqualTo("old");

		repeats.forEach(Runnable::run);
		assertThat(cache.get("t1", () -> "new")).isEqualTo("new");
		assertThat(shared.evictions).hasValue(2);
	}

	@Test
	void aMissIsNotBroadcast() {
		var shared = new MapLevel();
		var cache = new TwoLevelCache("trips", spec, shared, TwoLevelCache.Repeater.NEVER, meters);
		cache.put("t1", null);
		assertThat(shared.evictions).hasValue(0);
	}

	@Test
	void concurrentMissesOfOneKeyLoadItOnce() throws Exception {
		var cache = new TwoLevelCache("trips", spec, SharedLevel.NONE, TwoLevelCache.Repeater.NEVER, meters);
		var loads = new AtomicInteger();
		var start = new CountDownLatch(1);
		try (var executor = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				executor.submit(() -> {
					start.await();
					return cache.get("t1", () -> {
						Thread.sleep(50);
						return "v" + loads.incrementAndGet();
					});
				});
			}
			start.countDown();
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void nothingIsCachedForAnAbsentValue() {
		var cache = new TwoLevelCache("trips", spec, SharedLevel.NONE, TwoLevelCache.Repeater.NEVER, meters);
		Object absent = cache.get("t1", () -> null);
		assertThat(absent).isNull();
		assertThat(cache.get("t1", () -> "later")).isEqualTo("later");
	}
}
