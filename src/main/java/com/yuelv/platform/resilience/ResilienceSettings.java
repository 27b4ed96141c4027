package com.yuelv.platform.resilience;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How dependencies are guarded, under {@code yuelv.resilience.*}: {@code defaults} for every dependency, and
 * {@code dependencies.<name>} for one of them, each key left out there being taken from the defaults (and a key left
 * out of the defaults from {@link #BUILT_IN}). A malformed value fails the start with a message naming its key.
 *
 * @param defaults the guard of every dependency, where its own settings leave a key out
 * @param dependencies the guard of each named dependency ({@code search-index}, {@code trip}, {@code identity})
 */
@ConfigurationProperties("yuelv.resilience")
public record ResilienceSettings(@Nullable Guard defaults, @Nullable Map<String, Guard> dependencies) {

	static final Guard BUILT_IN = new Guard(Duration.ofSeconds(2), 64, 50f, Duration.ofSeconds(1), 80f, 50, 20,
			Duration.ofSeconds(10));

	public ResilienceSettings {
		defaults = defaults == null ? BUILT_IN : defaults.over(BUILT_IN);
		defaults.check("yuelv.resilience.defaults");
		var resolved = new java.util.HashMap<String, Guard>();
		if (dependencies != null) {
			for (var entry : dependencies.entrySet()) {
				var guard = entry.getValue().over(defaults);
				guard.check("yuelv.resilience.dependencies." + entry.getKey());
				resolved.put(entry.getKey(), guard);
			}
		}
		dependencies = Map.copyOf(resolved);
	}

	/** The guard of a dependency: its own settings if it has any, the defaults otherwise. */
	Guard guard(String dependency) {
		var guard = dependencies.get(dependency);
		return guard != null ? guard : defaults;
	}

	/**
	 * @param timeout longest a call may take; it then counts as failed
	 * @param maxConcurrentCalls calls under way at once; one more is refused at once (the bulkhead)
	 * @param failureRateThreshold percentage of failed calls, in the sliding window, that opens the circuit
	 * @param slowCallDuration a call that takes longer is slow
	 * @param slowCallRateThreshold percentage of slow calls that opens the circuit
	 * @param windowSize how many of the latest calls the rates are taken over
	 * @param minimumCalls the fewest calls the rates are taken over
	 * @param openFor how long an open circuit refuses calls before a few are let through to try
	 */
	public record Guard(@Nullable Duration timeout, @Nullable Integer maxConcurrentCalls,
			@Nullable Float failureRateThreshold, @Nullable Duration slowCallDuration,
			@Nullable Float slowCallRateThreshold, @Nullable Integer windowSize, @Nullable Integer minimumCalls,
			@Nullable Duration openFor) {

		/** These settings, each one missing taken from {@code base}. */
		Guard over(Guard base) {
			return new Guard(or(timeout, base.timeout), or(maxConcurrentCalls, base.maxConcurrentCalls),
					or(failureRateThreshold, base.failureRateThreshold), or(slowCallDuration, base.slowCallDuration),
					or(slowCallRateThreshold, base.slowCallRateThreshold), or(windowSize, base.windowSize),
					or(minimumCalls, base.minimumCalls), or(openFor, base.openFor));
		}

		void check(String key) {
			positive(key + ".timeout", timeout);
			positive(key + ".slow-call-duration", slowCallDuration);
			positive(key + ".open-for", openFor);
			atLeastOne(key + ".max-concurrent-calls", maxConcurrentCalls);
			atLeastOne(key + ".window-size", windowSize);
			atLeastOne(key + ".minimum-calls", minimumCalls);
			percentage(key + ".failure-rate-threshold", failureRateThreshold);
			percentage(key + ".slow-call-rate-threshold", slowCallRateThreshold);
		}

		private static <T> @Nullable T or(@Nullable T value, @Nullable T base) {
			return value != null ? value : base;
		}

		private static void positive(String key, @Nullable Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(key + " must be a positive duration, not " + value);
			}
		}

		private static void atLeastOne(String key, @Nullable Integer value) {
			if (value == null || value < 1) {
				throw new IllegalArgumentException(key + " must be at least 1, not " + value);
			}
		}

		private static void percentage(String key, @Nullable Float value) {
			if (value == null || !(value > 0 && value <= 100)) {
				throw new IllegalArgumentException(key + " must be a percentage in (0, 100], not " + value);
			}
		}
	}
}
