package com.yuelv.platform.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import com.yuelv.shared.Dependencies;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * {@link Dependencies#lastKnownAnswers}, kept in memory: a dependency's answers to lookups by key, as last seen, to
 * stand in for it while it cannot be reached (the degraded answer {@link Dependencies} marks as such). Each answer is kept for a while after it was seen (and the most recent
 * ones only, up to a number); an answer that the thing is gone is remembered as such, so that a gone thing is never
 * given back as if it were there.
 *
 * @param <K> what a lookup is by
 * @param <V> what it finds
 */
public final class LastKnownAnswers<K, V> implements Dependencies.Lookups<K, V> {

	private final Dependencies dependencies;
	private final String dependency;
	private final Cache<K, V> seen;

	/**
	 * @param dependencies the platform's guard
	 * @param dependency the dependency's name
	 * @param keptFor how long an answer as last seen may stand in for the dependency's
	 * @param most how many answers are kept at most
	 */
	public LastKnownAnswers(Dependencies dependencies, String dependency, Duration keptFor, long most) {
		this.dependencies = dependencies;
		this.dependency = dependency;
		this.seen = Caffeine.newBuilder().maximumSize(most).expireAfterWrite(keptFor).build();
	}

	/**
	 * Looks {@code key} up through the guarded dependency. While it answers, its answer (found or not) is the answer
	 * and is remembered; when it fails, the answer last seen for the key within the time is given, as degraded, and
	 * without one the caller is refused as the guard refuses.
	 */
	@Override
	public Optional<V> find(K key, Supplier<Optional<V>> lookup) {
		return dependencies.call(dependency, () -> {
			var found = lookup.get();
			found.ifPresentOrElse(value -> seen.put(key, value), () -> seen.invalidate(key));
			return found;
		}, () -> Optional.ofNullable(seen.getIfPresent(key)).map(Optional::of));
	}
}
