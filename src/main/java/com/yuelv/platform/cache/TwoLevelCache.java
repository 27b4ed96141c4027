package com.yuelv.platform.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.AbstractValueAdaptingCache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A cache in two levels: Caffeine in this replica's memory (L1) in front of a level shared by all replicas (L2, Redis
 * when configured). A read tries L1, then L2, then loads, and fills the levels it missed; concurrent reads of one key
 * in this replica load it once. An eviction drops the key from both levels and tells every other replica to drop it
 * from its L1. The eviction is repeated after a few delays: a read that loaded the old row just before the change
 * committed may have put it back meanwhile. Keys are compared by their string form; {@code null} is never cached.
 * Whatever changes an entry in this replica (a put, an eviction here or from another replica, a clear) is also told
 * to {@link Changes}: the answers kept from entries ({@link KeptAnswers}) must not outlive them.
 */
final class TwoLevelCache extends AbstractValueAdaptingCache {

	private final String name;
	private final CacheSettings.Spec spec;
	private final Cache<String, Object> local;
	private final SharedLevel shared;
	private final Repeater repeater;
	private final Changes changes;
	private final LongAdder localHits = new LongAdder();
	private final LongAdder localMisses = new LongAdder();
	private final LongAdder sharedHits = new LongAdder();
	private final LongAdder sharedMisses = new LongAdder();

	/** Runs a task again later: the repeated evictions. */
	@FunctionalInterface
	interface Repeater {

		void repeat(Runnable task);

		Repeater NEVER = task -> {};
	}

	/** Told after an entry of this replica's memory changed or was dropped. */
	@FunctionalInterface
	interface Changes {

		void changed();

		Changes NONE = () -> {};
	}

	TwoLevelCache(String name, CacheSettings.Spec spec, SharedLevel shared, Repeater repeater, MeterRegistry meters) {
		this(name, spec, shared, repeater, Changes.NONE, meters);
	}

	TwoLevelCache(String name, CacheSettings.Spec spec, SharedLevel shared, Repeater repeater, Changes changes,
			MeterRegistry meters) {
		super(false);
		this.changes = changes;
		this.name = name;
		this.spec = spec;
		this.shared = shared;
		this.repeater = repeater;
		this.local = Caffeine.newBuilder()
				.expireAfterWrite(spec.localTtl())
				.maximumSize(spec.localMaxSize())
				.build();
		registerMetrics(meters, shared != SharedLevel.NONE);
	}

	@Override
	public String getName() {
		return name;
	}

	@Override
	public Object getNativeCache() {
		return local;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		var id = key.toString();
		var value = local.getIfPresent(id);
		if (value != null) {
			localHits.increment();
			return value;
		}
		localMisses.increment();
		value = fromShared(id);
		if (value != null) {
			local.put(id, value);
		}
		return value;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		var id = key.toString();
		var present = local.getIfPresent(id);
		if (present != null) {
			localHits.increment();
			return (T) present;
		}
		localMisses.increment();
		return (T) local.get(id, missing -> {
			var stored = fromShared(missing);
			if (stored != null) {
				return stored;
			}
			try {
				var loaded = valueLoader.call();
				if (loaded != null) {
					shared.put(name, missing, loaded, spec.sharedTtl());
				}
				return loaded;
			}
			catch (Exception e) {
				throw new ValueRetrievalException(key, valueLoader, e);
			}
		});
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		if (value == null) {
			// nothing to cache: a miss stays a miss, and nobody else need hear of it
			return;
		}
		local.put(key.toString(), value);
		shared.put(name, key.toString(), value, spec.sharedTtl());
		changes.changed();
	}

	@Override
	public void evict(Object key) {
		var id = key.toString();
		Runnable eviction = () -> {
			local.invalidate(id);
			shared.evict(name, id);
			changes.changed();
		};
		eviction.run();
		repeater.repeat(eviction);
	}

	@Override
	public void clear() {
		local.invalidateAll();
		shared.clear(name);
		changes.changed();
	}

	/** Drops a key from this replica's memory only: another replica changed it. */
	void evictLocally(String key) {
		local.invalidate(key);
		changes.changed();
	}

	void clearLocally() {
		local.invalidateAll();
		changes.changed();
	}

	private @Nullable Object fromShared(String key) {
		if (shared == SharedLevel.NONE) {
			return null;
		}
		var value = shared.get(name, key);
		(value == null ? sharedMisses : sharedHits).increment();
		return value;
	}

	private void registerMetrics(MeterRegistry meters, boolean withSharedLevel) {
		CacheMeters.register(meters, name, "local", local, localHits, localMisses);
		if (withSharedLevel) {
			CacheMeters.register(meters, name, "shared", null, sharedHits, sharedMisses);
		}
	}
}
