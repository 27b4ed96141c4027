package com.yuelv.platform.overload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Load shedding, under {@code yuelv.overload.*}. A malformed value fails the start with a message naming its key.
 *
 * @param enabled whether requests are shed at all under overload
 * @param initialLimit requests in flight admitted at start, before any latency was measured
 * @param minLimit the concurrency limit never goes below this
 * @param maxLimit nor above this
 * @param normalShare share of the limit that normal requests may fill; critical requests may fill all of it
 * @param sheddableShare share of the limit that sheddable requests may fill
 * @param tolerance how many times the baseline latency still counts as unloaded
 * @param smoothing weight of each new estimate of the limit against the current one, in (0, 1]
 * @param window how long latencies are gathered before the limit is estimated again
 * @param retryAfter what a shed request is told to wait
 * @param criticalWait how long a critical request that finds no room waits for one before it is refused, at most
 *        10 s; slots that free up go to waiting critical requests before any other request, and only as many wait
 *        as the limit serves within this wait at the recent latency ({@code 0} refuses at once)
 * @param normalMaxQueueing how long a normal request may have queued for a thread, between its arrival and the
 *        shedding filter, and still be admitted while a queue stands: queueing beyond it means the server is behind,
 *        and refusing the request at once is what lets the queue drain; critical requests are never refused for
 *        queueing
 * @param sheddableMaxQueueing the same for sheddable requests, at most {@code normalMaxQueueing}
 * @param queueingInterval how long every request must have queued beyond its maximum before any is refused for it
 *        (a queue that stands rather than a spike that passes)
 */
@ConfigurationProperties("yuelv.overload")
public record OverloadSettings(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("32") int initialLimit,
		@DefaultValue("4") int minLimit,
		@DefaultValue("1000") int maxLimit,
		@DefaultValue("0.8") double normalShare,
		@DefaultValue("0.5") double sheddableShare,
		@DefaultValue("1.5") double tolerance,
		@DefaultValue("0.2") double smoothing,
		@DefaultValue("100ms") Duration window,
		@DefaultValue("1s") Duration retryAfter,
		@DefaultValue("2s") Duration criticalWait,
		@DefaultValue("10ms") Duration normalMaxQueueing,
		@DefaultValue("5ms") Duration sheddableMaxQueueing,
		@DefaultValue("100ms") Duration queueingInterval) {

	private static final String PREFIX = "yuelv.overload.";
	private static final Duration MAX_CRITICAL_WAIT = Duration.ofSeconds(10);

	public OverloadSettings {
		if (minLimit < 1) {
			throw new IllegalArgumentException(PREFIX + "min-limit must be at least 1, not " + minLimit);
		}
		if (maxLimit < minLimit) {
			throw new IllegalArgumentException(PREFIX + "max-limit must be at least min-limit (" + minLimit + "), not "
					+ maxLimit);
		}
		if (initialLimit < minLimit || initialLimit > maxLimit) {
			throw new IllegalArgumentException(PREFIX + "initial-limit must be between min-limit and max-limit, not "
					+ initialLimit);
		}
		share("normal-share", normalShare);
		share("sheddable-share", sheddableShare);
		if (sheddableShare > normalShare) {
			throw new IllegalArgumentException(PREFIX + "sheddable-share must not exceed normal-share");
		}
		if (!(tolerance >= 1.0)) {
			throw new IllegalArgumentException(PREFIX + "tolerance must be at least 1.0, not " + tolerance);
		}
		share("smoothing", smoothing);
		if (window == null || window.toMillis() < 1) {
			throw new IllegalArgumentException(PREFIX + "window must be at least 1ms");
		}
		if (retryAfter == null || retryAfter.toSeconds() < 1) {
			throw new IllegalArgumentException(PREFIX + "retry-after must be at least 1s");
		}
		if (criticalWait == null || criticalWait.isNegative() || criticalWait.compareTo(MAX_CRITICAL_WAIT) > 0) {
			throw new IllegalArgumentException(PREFIX + "critical-wait must be between 0 and 10s, not " + criticalWait);
		}
		if (normalMaxQueueing == null || normalMaxQueueing.compareTo(Duration.ofMillis(1)) < 0) {
			throw new IllegalArgumentException(PREFIX + "normal-max-queueing must be at least 1ms, not "
					+ normalMaxQueueing);
		}
		if (sheddableMaxQueueing == null || sheddableMaxQueueing.compareTo(Duration.ofMillis(1)) < 0
				|| sheddableMaxQueueing.compareTo(normalMaxQueueing) > 0) {
			throw new IllegalArgumentException(PREFIX + "sheddable-max-queueing must be between 1ms and "
					+ "normal-max-queueing, not " + sheddableMaxQueueing);
		}
		if (queueingInterval == null || queueingInterval.toMillis() < 1) {
			throw new IllegalArgumentException(PREFIX + "queueing-interval must be at least 1ms, not "
					+ queueingInterval);
		}
	}

	private static void share(String key, double value) {
		if (!(value > 0.0 && value <= 1.0)) {
			throw new IllegalArgumentException(PREFIX + key + " must be in (0, 1], not " + value);
		}
	}
}
