package com.yuelv.platform.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The second cache level, shared by every replica, and the channel that tells replicas to drop their first-level
 * entries. Failures of the shared level never fail a read: they count as misses and are logged.
 */
interface SharedLevel {

	/** The stored value, or {@code null} when absent, unreadable or the shared level is unreachable. */
	@Nullable Object get(String cacheName, Object key);

	void put(String cacheName, Object key, Object value, Duration ttl);

	/** Deletes the entry and tells every replica to drop it from memory. */
	void evict(String cacheName, Object key);

	/** Deletes every entry of the cache and tells every replica to drop them from memory. */
	void clear(String cacheName);

	/** No shared level: embedded mode. */
	SharedLevel NONE = new SharedLevel() {

		@Override
		public @Nullable Object get(String cacheName, Object key) {
			return null;
		}

		@Override
		public void put(String cacheName, Object key, Object value, Duration ttl) {}

		@Override
		public void evict(String cacheName, Object key) {}

		@Override
		public void clear(String cacheName) {}
	};
}
