package com.yuelv.platform.overload;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Admission by priority under an adaptive concurrency limit, with its metrics: {@code yuelv.overload.requests}
 * (tagged {@code priority} and {@code outcome} admitted or shed), {@code yuelv.overload.limit},
 * {@code yuelv.overload.inflight} (tagged {@code priority}) and {@code yuelv.overload.waiting} (critical requests
 * waiting for room). Shedding can be switched off and on at run time.
 */
public final class LoadShedding {

	private final OverloadSettings settings;
	private final AdaptiveConcurrencyLimit limit;
	private final long criticalWaitNanos;
	private final Map<Priority, StandingQueue> queues = new EnumMap<>(Priority.class);
	private final Timer queueing;
	private final Map<Priority, Counter> admitted = new EnumMap<>(Priority.class);
	private final Map<Priority, Counter> shed = new EnumMap<>(Priority.class);
	private volatile boolean enabled;

	/** Admission under the settings' adaptive limit, on the system's clock, with its metrics in the registry. */
	public static LoadShedding of(OverloadSettings settings, MeterRegistry meters) {
		return new LoadShedding(settings, new AdaptiveConcurrencyLimit(settings, System::nanoTime), meters);
	}

	LoadShedding(OverloadSettings settings, AdaptiveConcurrencyLimit limit, MeterRegistry meters) {
		this.settings = settings;
		this.limit = limit;
		this.criticalWaitNanos = settings.criticalWait().toNanos();
		long interval = settings.queueingInterval().toNanos();
		queues.put(Priority.NORMAL, new StandingQueue(settings.normalMaxQueueing().toNanos(), interval));
		queues.put(Priority.SHEDDABLE, new StandingQueue(settings.sheddableMaxQueueing().toNanos(), interval));
		this.queueing = Timer.builder("yuelv.overload.queueing")
				.description("How long API requests queued for a thread before the shedding filter saw them (those "
						+ "stamped with their arrival)")
				.register(meters);
		this.enabled = settings.enabled();
		for (var priority : Priority.values()) {
			admitted.put(priority, counter(meters, priority, "admitted"));
			shed.put(priority, counter(meters, priority, "shed"));
			Gauge.builder("yuelv.overload.inflight", limit, l -> l.inflight(priority)).tag("priority", priority.key())
					.description("API requests in flight").register(meters);
		}
		Gauge.builder("yuelv.overload.limit", limit, AdaptiveConcurrencyLimit::limit)
				.description("API requests admitted in flight at once, learnt from their latency").register(meters);
		Gauge.builder("yuelv.overload.waiting", limit, AdaptiveConcurrencyLimit::waiting)
				.description("Critical API requests waiting for room under the concurrency limit").register(meters);
	}

	/**
	 * Whether a request of the priority that reached the filter at {@code now} after queueing {@code queuedNanos}
	 * for a thread (negative if unknown) may go on: not if it queued longer than its priority allows while a queue
	 * stands, else if the concurrency limit has room for it (a critical request may wait for room, up to its patience, when the waiting room has a place). If so,
	 * {@link #done} must follow.
	 */
	boolean admit(Priority priority, long queuedNanos, long now) {
		var queue = queues.get(priority);
		if (queuedNanos >= 0) {
			queueing.record(queuedNanos, TimeUnit.NANOSECONDS);
		}
		else {
			queue = null;
		}
		if ((queue == null || !queue.refuses(queuedNanos, now)) && (priority == Priority.CRITICAL
				? limit.acquireCritical(criticalWaitNanos) : limit.tryAcquire(priority))) {
			admitted.get(priority).increment();
			return true;
		}
		shed.get(priority).increment();
		return false;
	}

	/** The clock admission and latencies go by, in nanoseconds. */
	long nanoTime() {
		return limit.nanoTime();
	}

	int route(String method, String path) {
		return limit.route(method, path);
	}

	void done(Priority priority, int route, long startNanos) {
		limit.release(priority, route, startNanos);
	}

	public boolean enabled() {
		return enabled;
	}

	/** Switches shedding off (every request is admitted, none measured) or on again. */
	public void enable(boolean enabled) {
		this.enabled = enabled;
	}

	OverloadSettings settings() {
		return settings;
	}

	/** What the limit is now and how it is filled, for operators. */
	public Map<String, Object> describe() {
		var ceilings = new LinkedHashMap<String, Object>();
		var inflight = new LinkedHashMap<String, Object>();
		for (var priority : Priority.values()) {
			ceilings.put(priority.key(), limit.ceiling(priority));
			inflight.put(priority.key(), limit.inflight(priority));
		}
		var description = new LinkedHashMap<String, Object>();
		description.put("enabled", enabled);
		description.put("limit", limit.limit());
		description.put("inflight", limit.inflight());
		description.put("inflightByPriority", inflight);
		description.put("criticalWaiting", limit.waiting());
		description.put("criticalWaitMillis", settings.criticalWait().toMillis());
		description.put("queueingIntervalMillis", settings.queueingInterval().toMillis());
		description.put("maxQueueingMillis", Map.of(Priority.NORMAL.key(), settings.normalMaxQueueing().toMillis(),
				Priority.SHEDDABLE.key(), settings.sheddableMaxQueueing().toMillis()));
		description.put("admittedUpTo", ceilings);
		description.put("recentLatencyMillis", round(limit.recentMillis()));
		description.put("recentLatencyAgainstBaseline", round(limit.recentRatio()));
		description.put("minLimit", settings.minLimit());
		description.put("maxLimit", settings.maxLimit());
		return description;
	}

	private static double round(double millis) {
		return Math.round(millis * 1000) / 1000.0;
	}

	private static Counter counter(MeterRegistry meters, Priority priority, String outcome) {
		return Counter.builder("yuelv.overload.requests").tag("priority", priority.key()).tag("outcome", outcome)
				.description("API requests by priority, admitted or shed under overload").register(meters);
	}
}
