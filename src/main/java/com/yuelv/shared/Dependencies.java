package com.yuelv.shared;

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
}
