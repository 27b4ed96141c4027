package com.yuelv.platform.overload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The executor of the application's asynchronous work: the event listeners ({@code @ApplicationModuleListener}, which
 * write the inbox and feed the search index) and other {@code @Async} methods. Such work is owed, not asked for by
 * anyone waiting: while the server sheds requests, new work waits instead of taking the CPU the requests are refused
 * for, and it runs, oldest first, once no request was shed for {@code calm-after}. Nothing that waits is lost: an
 * event's publication is stored with the transaction that published it and stays incomplete until its listener has
 * run, so work that a stopping replica could not finish is published again at the next start.
 * <p>
 * Waiting is bounded: beyond {@code max-waiting} pieces of work, or once the oldest has waited {@code max-wait},
 * the oldest run anyway, so that under an overload that does not end the work keeps pace with what it is given
 * rather than piling up. At most {@code concurrency} pieces of work run at once, so that a backlog released when a
 * surge ends does not itself take every database connection from the requests.
 */
public final class BackgroundWork implements Executor, SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

	/** How often the dispatcher looks again whether waiting work may run, when nothing else wakes it. */
	private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private record Pending(Runnable work, long since) {}

	private final BackgroundWorkSettings settings;
	private final BooleanSupplier shedding;
	private final LongSupplier nanoTime;
	private final ThreadFactory threads;
	private final Semaphore running;
	private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
	private final AtomicInteger waitingCount = new AtomicInteger();
	private final long maxWaitNanos;
	private volatile boolean waitsWhileShedding;
	private volatile @Nullable Thread dispatcher;
	private volatile boolean stopping;
	private volatile boolean stopped;

	/**
	 * @param shedding whether requests are being shed now (then new work waits)
	 * @param nanoTime the clock waiting is measured by
	 * @param threads makes the thread each piece of work runs on
	 */
	BackgroundWork(BackgroundWorkSettings settings, BooleanSupplier shedding, LongSupplier nanoTime,
			ThreadFactory threads, MeterRegistry meters) {
		this.settings = settings;
		this.shedding = shedding;
		this.nanoTime = nanoTime;
		this.threads = threads;
		this.running = new Semaphore(settings.concurrency());
		this.maxWaitNanos = settings.maxWait().toNanos();
		this.waitsWhileShedding = !settings.calmAfter().isZero();
		Gauge.builder("yuelv.overload.background.waiting", waitingCount, AtomicInteger::get)
				.description("Asynchronous work (event listeners) waiting to run").register(meters);
		Gauge.builder("yuelv.overload.background.running", this, BackgroundWork::running)
				.description("Asynchronous work (event listeners) running").register(meters);
		Gauge.builder("yuelv.overload.background.oldest", this, work -> work.oldestWaitNanos() / 1e9)
				.baseUnit("seconds").description("How long the oldest waiting asynchronous work has waited")
				.register(meters);
	}

	@Override
	public void execute(Runnable work) {
		if (stopped) {
			throw new RejectedExecutionException("Background work has stopped; an event's publication stays "
					+ "incomplete and is published again at the next start");
		}
		if (waitingCount.get() == 0 && !deferring() && running.tryAcquire()) {
			run(work);
			return;
		}
		waiting.add(new Pending(work, nanoTime.getAsLong()));
		waitingCount.incrementAndGet();
		wake();
	}

	private void run(Runnable work) {
		threads.newThread(() -> {
			try {
				work.run();
			}
			finally {
				running.release();
				wake();
			}
		}).start();
	}

	private void wake() {
		var thread = dispatcher;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

	/** Starts waiting work, oldest first, whenever it may run and there is room for it. */
	private void dispatch() {
		while (true) {
			var next = waiting.peek();
			if (next == null) {
				if (stopping) {
					return;
				}
				LockSupport.parkNanos(RECHECK_NANOS);
			}
			else if (!mayRun(next)) {
				LockSupport.parkNanos(RECHECK_NANOS);
			}
			else {
				try {
					running.acquire();
				}
				catch (InterruptedException ex) {
					return;
				}
				// the dispatcher alone takes work out, so this is the one it looked at
				waiting.poll();
				waitingCount.decrementAndGet();
				run(next.work());
			}
			if (Thread.interrupted()) {
				return;
			}
		}
	}

	private boolean mayRun(Pending next) {
		return stopping || !deferring() || waitingCount.get() > settings.maxWaiting()
				|| nanoTime.getAsLong() - next.since() >= maxWaitNanos;
	}

	/** Whether new work waits now: requests are being shed and work is set to wait for that. */
	private boolean deferring() {
		return waitsWhileShedding && shedding.getAsBoolean();
	}

	public boolean waitsWhileShedding() {
		return waitsWhileShedding;
	}

	/** Switches the waiting off (what waits then runs, and new work runs at once) or on again. */
	public void waitWhileShedding(boolean waits) {
		this.waitsWhileShedding = waits;
		wake();
	}

	int running() {
		return settings.concurrency() - running.availablePermits();
	}

	int waiting() {
		return waitingCount.get();
	}

	long oldestWaitNanos() {
		var oldest = waiting.peek();
		return oldest == null ? 0 : Math.max(0, nanoTime.getAsLong() - oldest.since());
	}

	/** What waits and runs now, for operators. */
	public Map<String, Object> describe() {
		var description = new LinkedHashMap<String, Object>();
		description.put("waitsWhileShedding", waitsWhileShedding);
		description.put("deferring", deferring());
		description.put("waiting", waiting());
		description.put("oldestWaitMillis", TimeUnit.NANOSECONDS.toMillis(oldestWaitNanos()));
		description.put("running", running());
		description.put("concurrency", settings.concurrency());
		description.put("calmAfterMillis", settings.calmAfter().toMillis());
		description.put("maxWaiting", settings.maxWaiting());
		description.put("maxWaitSeconds", settings.maxWait().toSeconds());
		return description;
	}

	/** Starts the dispatcher; again after a {@link #stop} too (a paused application context is started again). */
	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		stopping = false;
		stopped = false;
		var thread = Thread.ofVirtual().name("background-dispatcher").unstarted(this::dispatch);
		dispatcher = thread;
		thread.start();
	}

	/**
	 * Runs what still waits, without waiting for the shedding to end, for at most {@code drain-on-stop}; then takes
	 * no more work.
	 */
	@Override
	public synchronized void stop() {
		var thread = dispatcher;
		stopping = true;
		if (thread != null) {
			LockSupport.unpark(thread);
			try {
				if (!thread.join(settings.drainOnStop())) {
					// it ends at once when interrupted; waited for, so that a new start never finds two dispatchers
					thread.interrupt();
					thread.join();
				}
			}
			catch (InterruptedException ex) {
				thread.interrupt();
				Thread.currentThread().interrupt();
			}
		}
		stopped = true;
		int left = waitingCount.get();
		if (left > 0) {
			LOG.warn("Stopped with {} pieces of asynchronous work not run; the events among them are published "
					+ "again at the next start", left);
		}
	}

	@Override
	public boolean isRunning() {
		return dispatcher != null && !stopped;
	}

	/**
	 * Stops after the web server has stopped taking requests (Spring Boot's graceful shutdown and the server's own
	 * stop have higher phases and so stop first), while the database is still there.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 4096;
	}
}
