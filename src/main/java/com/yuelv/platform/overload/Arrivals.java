package com.yuelv.platform.overload;

import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * When the server took a request in: the executor of the web server's connector stamps each unit of work it is
 * handed (the bytes of a request arrived on a connection) with the time, and the work then runs with the stamp at
 * hand. How long a request waited before {@link LoadShedFilter} saw it is the wait for a thread (for virtual threads,
 * for a carrier): time the request spent queued behind others, invisible to the concurrency limit because it passes
 * before admission. The stamp is taken once: a second request handled by the same unit of work (one pipelined behind
 * it) has no arrival of its own, and is judged by the concurrency limit alone.
 */
final class Arrivals {

	/** What {@link #waitedNanos} answers for a request without an arrival of its own. */
	static final long UNKNOWN = -1;

	/** Set only while the executor's work runs; each unit of work runs on a thread of its own or a pooled one. */
	private static final ThreadLocal<Stamp> ARRIVAL = new ThreadLocal<>();

	private Arrivals() {
	}

	/** An executor that runs the work of {@code delegate} with its arrival in scope. */
	static Executor stamping(Executor delegate, LongSupplier nanoTime) {
		return new StampingExecutor(delegate, nanoTime);
	}

	/**
	 * How long the request being handled on this thread waited between its arrival and {@code now} (of the clock the
	 * stamping executor was given), or {@link #UNKNOWN} if it has no arrival (not stamped, or taken already).
	 */
	static long waitedNanos(long now) {
		var stamp = ARRIVAL.get();
		if (stamp == null || stamp.nanos == Stamp.TAKEN) {
			return UNKNOWN;
		}
		long arrived = stamp.nanos;
		stamp.nanos = Stamp.TAKEN;
		return Math.max(0, now - arrived);
	}

	/** Confined to the thread that runs the work it stamps. */
	private static final class Stamp {

		static final long TAKEN = Long.MIN_VALUE;

		long nanos;

		Stamp(long nanos) {
			this.nanos = nanos;
		}
	}

	private record StampingExecutor(Executor delegate, LongSupplier nanoTime) implements Executor {

		@Override
		public void execute(Runnable work) {
			var stamp = new Stamp(nanoTime.getAsLong());
			delegate.execute(() -> {
				ARRIVAL.set(stamp);
				try {
					work.run();
				}
				finally {
					ARRIVAL.remove();
				}
			});
		}

		@Override
		public String toString() {
			return "arrival-stamping " + delegate;
		}
	}
}
