package com.yuelv.platform.overload;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * How many requests may be in flight at once, learnt from their latency in the spirit of TCP Vegas and Netflix's
 * gradient limiter. Latencies are averaged over short windows; the average of a window is compared with the
 * baseline, the latency of an unloaded application (it follows a faster window at once, a slower one only slowly).
 * While the window's latency stays within {@code tolerance} times the baseline the limit grows by about the square
 * root of itself (a small queue is allowed); beyond that it shrinks in proportion, at most by half per window. A
 * window in which fewer than half the limit were ever in flight teaches nothing about capacity and never grows it.
 * <p>
 * Admission is by priority: critical requests may fill the whole limit, normal ones {@code normalShare} of it and
 * sheddable ones {@code sheddableShare}, so under overload the sheddable are refused first and critical requests
 * always find room that the others cannot take. Admitting and releasing are a compare-and-set and a few additions.
 */
final class AdaptiveConcurrencyLimit {

	/** How fast the baseline follows a window that was slower than it: about a thousand windows. */
	private static final double BASELINE_RISE = 0.001;
	/** How fast it follows a faster one. */
	private static final double BASELINE_FALL = 0.2;
	private static final double MIN_GRADIENT = 0.5;

	private final OverloadSettings settings;
	private final LongSupplier nanoTime;
	private final long windowNanos;
	private final AtomicInteger inflight = new AtomicInteger();
	private final Map<Priority, AtomicInteger> inflightByPriority = new EnumMap<>(Priority.class);
	private final AtomicInteger peak = new AtomicInteger();
	private final LongAdder latencySum = new LongAdder();
	private final LongAdder latencyCount = new LongAdder();
	private final ReentrantLock estimating = new ReentrantLock();

	private volatile int limit;
	private volatile long windowStart;
	private volatile double baselineNanos;
	private volatile double recentNanos;
	/** The limit as a real number; only changed under {@link #estimating}. */
	private double estimate;

	AdaptiveConcurrencyLimit(OverloadSettings settings, LongSupplier nanoTime) {
		this.settings = settings;
		this.nanoTime = nanoTime;
		this.windowNanos = settings.window().toNanos();
		this.estimate = settings.initialLimit();
		this.limit = settings.initialLimit();
		this.windowStart = nanoTime.getAsLong();
		for (var priority : Priority.values()) {
			inflightByPriority.put(priority, new AtomicInteger());
		}
	}

	/** Admits a request of the priority if there is room for it; an admitted request must be {@linkplain #release released}. */
	boolean tryAcquire(Priority priority) {
		int ceiling = ceiling(priority);
		int now;
		do {
			now = inflight.get();
			if (now >= ceiling) {
				return false;
			}
		}
		while (!inflight.compareAndSet(now, now + 1));
		inflightByPriority.get(priority).incrementAndGet();
		if (now + 1 > peak.get()) {
			peak.accumulateAndGet(now + 1, Math::max);
		}
		return true;
	}

	/** Ends an admitted request that started at {@code startNanos} (of the same clock) and learns from its latency. */
	void release(Priority priority, long startNanos) {
		long now = nanoTime.getAsLong();
		inflightByPriority.get(priority).decrementAndGet();
		inflight.decrementAndGet();
		latencySum.add(now - startNanos);
		latencyCount.increment();
		if (now - windowStart >= windowNanos && estimating.tryLock()) {
			try {
				if (now - windowStart >= windowNanos) {
					estimate(now);
				}
			}
			finally {
				estimating.unlock();
			}
		}
	}

	private void estimate(long now) {
		long count = latencyCount.sumThenReset();
		long sum = latencySum.sumThenReset();
		int peakInflight = peak.getAndSet(inflight.get());
		windowStart = now;
		if (count == 0) {
			return;
		}
		double latency = (double) sum / count;
		recentNanos = latency;
		double baseline = baselineNanos;
		baseline = baseline == 0 ? latency
				: baseline + (latency - baseline) * (latency < baseline ? BASELINE_FALL : BASELINE_RISE);
		baselineNanos = baseline;

		double gradient = Math.max(MIN_GRADIENT, Math.min(1.0, settings.tolerance() * baseline / latency));
		double target = estimate * gradient + Math.sqrt(estimate);
		if (peakInflight < estimate / 2) {
			// the load never came near the limit: no evidence that more would be fine
			target = Math.min(target, estimate);
		}
		double next = estimate * (1 - settings.smoothing()) + target * settings.smoothing();
		estimate = Math.max(settings.minLimit(), Math.min(settings.maxLimit(), next));
		limit = (int) estimate;
	}

	/** How many requests in flight the priority may find and still be admitted. */
	int ceiling(Priority priority) {
		int current = limit;
		return switch (priority) {
			case CRITICAL -> current;
			case NORMAL -> Math.max(1, (int) (current * settings.normalShare()));
			case SHEDDABLE -> Math.max(1, (int) (current * settings.sheddableShare()));
		};
	}

	int limit() {
		return limit;
	}

	int inflight() {
		return inflight.get();
	}

	int inflight(Priority priority) {
		return inflightByPriority.get(priority).get();
	}

	/** The latency of an unloaded application as currently believed, in milliseconds (0 before any was measured). */
	double baselineMillis() {
		return baselineNanos / 1e6;
	}

	/** The average latency of the last window, in milliseconds. */
	double recentMillis() {
		return recentNanos / 1e6;
	}
}
