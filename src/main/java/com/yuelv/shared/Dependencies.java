package com.yuelv.shared;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Calls to what a module relies on but does not control: a module in another deployment, an external provider, an
 * index or store that can be slow or fail. Each dependency is known by its name and guarded by the platform with a
 * time limit, a bulkhead (a cap on concurrent calls) and a circuit breaker, configured per name.
 * <p>
 * When the call fails, takes too long, finds the bulkhead full or the circuit open, the fallback is asked for a
 * degraded answer, typically a cached one; the response is then marked as degraded (header
 * {@value #DEGRADED_HEADER} naming the dependency). Without a degraded answer the request is refused as
 * {@linkplain Rejection.Kind#UNAVAILABLE unavailable}. A {@link Rejection} thrown by the call is the dependency's
 * answer, not its failure: it passes through unchanged. The call runs in a thread of its own, outside the caller's
 * transaction, with the caller's security and request context.
 */
public interface Dependencies {

	/** Response header that marks an answer served without one of its dependencies. */
	String DEGRADED_HEADER = "Yuelv-Degraded";

	<T> T call(String dependency, Supplier<T> call, Supplier<Optional<T>> fallback);

	/**
	 * Lookups by key through the guarded dependency that remember its answers: while it fails, a key's answer as last
	 * seen within {@code keptFor} (of the {@code most} most recent) is the degraded answer; an answer that the thing is
	 * gone is remembered too, so that a gone thing is never given back as if it were there.
	 */
	<K, V> Lookups<K, V> lastKnownAnswers(String dependency, Duration keptFor, long most);

	/** Lookups by key, answered by the dependency or, while it fails, as last seen. */
	interface Lookups<K, V> {

		/**
		 * Looks {@code key} up through the guarded dependency: its answer while it answers, else the answer last
		 * seen for the key (degraded), else the guard's refusal.
		 */
		Optional<V> find(K key, Supplier<Optional<V>> lookup);
	}
}
