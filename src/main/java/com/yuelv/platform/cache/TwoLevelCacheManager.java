package com.yuelv.platform.cache;

import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.Cache;
import org.springframework.cache.transaction.AbstractTransactionSupportingCacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hands out {@link TwoLevelCache}s: the configured ones, and any other name with the default settings. Transaction
 * aware: a put or an eviction inside a transaction happens after it commits, so that no replica re-reads the old row
 * after being told it changed.
 */
final class TwoLevelCacheManager extends AbstractTransactionSupportingCacheManager implements DisposableBean {

	private final CacheSettings settings;
	private final SharedLevel shared;
	private final MeterRegistry meters;
	private final TwoLevelCache.Changes changes;
	private final ScheduledExecutorService repeats = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().daemon().name("cache-eviction-repeats").factory());

	TwoLevelCacheManager(CacheSettings settings, SharedLevel shared, TwoLevelCache.Changes changes,
			MeterRegistry meters) {
		this.settings = settings;
		this.shared = shared;
		this.changes = changes;
		this.meters = meters;
		setTransactionAware(true);
	}

	private void repeat(Runnable eviction) {
		for (var delay : settings.repeatEvictionsAfter()) {
			repeats.schedule(eviction, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void destroy() {
		repeats.shutdownNow();
	}

	@Override
	protected Collection<? extends Cache> loadCaches() {
		return settings.caches().keySet().stream().map(this::create).toList();
	}

	@Override
	protected @Nullable Cache getMissingCache(String name) {
		return create(name);
	}

	private TwoLevelCache create(String name) {
		return new TwoLevelCache(name, settings.spec(name), shared, this::repeat, changes, meters);
	}

	/** Applies another replica's invalidation to this replica's memory. */
	void apply(RedisSharedLevel.Invalidation invalidation) {
		var cache = lookup(invalidation.cacheName());
		if (cache == null) {
			return;
		}
		if (invalidation.key() == null) {
			cache.clearLocally();
		}
		else {
			cache.evictLocally(invalidation.key());
		}
	}

	private @Nullable TwoLevelCache lookup(String name) {
		var cache = lookupCache(name);
		return cache instanceof TransactionAwareCacheDecorator decorator ? (TwoLevelCache) decorator.getTargetCache()
				: (TwoLevelCache) cache;
	}
}
