package com.yuelv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.yuelv.platform.resilience.LastKnownAnswers;
import com.yuelv.shared.Dependencies;
import com.yuelv.shared.Rejection;

/**
 * The platform's {@link Dependencies} contract without its time limit, bulkhead and breaker, for testing what a module
 * gives as its fallback: a call that fails takes the fallback's answer, recorded as degraded, or is refused as
 * unavailable; a {@link Rejection} is the dependency's answer and passes through.
 */
public final class DirectDependencies implements Dependencies {

	private final List<String> degraded = new ArrayList<>();

	@Override
	public <T> T call(String dependency, Supplier<T> call, Supplier<Optional<T>> fallback) {
		try {
			return call.get();
		}
		catch (Rejection answer) {
			throw answer;
		}
		catch (RuntimeException failure) {
			var answer = fallback.get().orElseThrow(() -> Rejection.unavailable("dependency-unavailable",
					dependency + " cannot be reached", Duration.ofSeconds(1)));
			degraded.add(dependency);
			return answer;
		}
	}

	@Override
	public <K, V> Lookups<K, V> lastKnownAnswers(String dependency, Duration keptFor, long most) {
		return new LastKnownAnswers<>(this, dependency, keptFor, most);
	}

	/** The dependencies whose degraded answers were given, in order. */
	public List<String> degraded() {
		return degraded;
	}
}
