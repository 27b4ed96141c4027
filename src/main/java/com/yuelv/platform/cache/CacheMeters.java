package com.yuelv.platform.cache;

import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters every level of every cache has: reads that found their entry and reads that did not, and its size. */
final class CacheMeters {

	private CacheMeters() {
	}

	/** Registers a level's meters; {@code entries} is the level's memory, whose size is measured, if it is local. */
	static void register(MeterRegistry meters, String cache, String level, @Nullable Cache<?, ?> entries,
			LongAdder hits, LongAdder misses) {
		FunctionCounter.builder("yuelv.cache.gets", hits, LongAdder::sum)
				.tags("cache", cache, "level", level, "result", "hit").register(meters);
		FunctionCounter.builder("yuelv.cache.gets", misses, LongAdder::sum)
				.tags("cache", cache, "level", level, "result", "miss").register(meters);
		Gauge.builder("yuelv.cache.hit.ratio", () -> ratio(hits.sum(), misses.sum()))
				.tags("cache", cache, "level", level)
				.description("Share of reads of this level that found the entry, since start")
				.register(meters);
		if (entries != null) {
			Gauge.builder("yuelv.cache.size", entries, Cache::estimatedSize)
					.tag("cache", cache).description("Entries in this replica's memory").register(meters);
		}
	}

	private static double ratio(long hits, long misses) {
		var total = hits + misses;
		return total == 0 ? 0 : (double) hits / total;
	}
}
