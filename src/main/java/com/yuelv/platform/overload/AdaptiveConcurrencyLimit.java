package com.yuelv.platform.overload;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * How many requests may be in flight at once, learnt from their latency in the spirit of TCP Vegas and Netflix's
 * gradient limiter. Requests differ in cost (a trip page is cheaper than a search), so latency is judged per route:
 * over each short window the average latency of every route is compared with that route's baseline, its latency
 * when the application is unloaded (the baseline moves a fifth of the way towards a faster window, and a
 * thousandth towards a slower one), and the ratios are averaged, weighted by requests. Shedding one kind of request
 * thus does not read as congestion of the others. While the ratio stays within {@code tolerance} the limit grows by
 * about the square root of itself (a small queue is allowed); beyond that it aims at the limit shrunk in proportion
 * (at most halved), and moves {@code smoothing} of the way there per window. A window in which fewer than half the
 * limit were ever in flight teaches nothing about capacity and leaves the limit as it is.
 * <p>
 * Admission is by priority: critical requests may fill the whole limit, normal ones {@code normalShare} of it and
 * sheddable ones {@code sheddableShare}, so under overload the sheddable are refused first and critical requests
 * always find room that the others cannot take. A critical request that finds no room may {@linkplain #acquireCritical
 * wait} for one, as long as the latency says its turn will come within its patience: a slot that frees up goes to the
 * oldest waiting critical request before anyone else can take it. Admitting and releasing are a compare-and-set and a
 * few additions; only a critical request that waits parks its thread.
 */
final class AdaptiveConcurrencyLimit {

	/** How fast the baseline follows a window that was slower than it: about a thousand windows. */
	private static final double BASELINE_RISE = 0.001;
	/** How fast it follows a faster one. */
	private static final double BASELINE_FALL = 0.2;
	private static final double MIN_GRADIENT = 0.5;
	/** Routes told apart; requests of any further route are judged together. */
	static final int MAX_ROUTES = 64;

	private final OverloadSettings settings;
	private final LongSupplier nanoTime;
	private final long windowNanos;
	private final AtomicInteger inflight = new AtomicInteger();
	private final Map<Priority, AtomicInteger> inflightByPriority = new EnumMap<>(Priority.class);
	private final AtomicInteger peak = new AtomicInteger();
	private final Map<String, Integer> routes = new ConcurrentHashMap<>();
	private final LongAdder[] latencySums = new LongAdder[MAX_ROUTES + 1];
	private final LongAdder[] latencyCounts = new LongAdder[MAX_ROUTES + 1];
	private final ReentrantLock estimating = new ReentrantLock();
	/** Per route, the latency of an unloaded application in nanoseconds; only changed under {@link #estimating}. */
	private final double[] baselines = new double[MAX_ROUTES + 1];
	/** Critical requests waiting for room, oldest first (some may have given up already). */
	private final ConcurrentLinkedDeque<Waiter> waiting = new ConcurrentLinkedDeque<>();
	/** How many in {@link #waiting} still wait. */
	private final AtomicInteger waiters = new AtomicInteger();

	private volatile int limit;
	private volatile long windowStart;
	private volatile double recentNanos;
	private volatile double recentRatio;
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
		for (int i = 0; i <= MAX_ROUTES; i++) {
			latencySums[i] = new LongAdder();
			latencyCounts[i] = new LongAdder();
		}
	}

	/**
	 * The route of a request, for {@link #release}: its kind (reading or changing), the first segment of its path
	 * after the version and whether more segments follow ({@code GET trips/*}, {@code POST auth/*}, ...).
	 */
	int route(String method, String path) {
		int start = path.startsWith("/api/v1/") ? 8 : 0;
		int slash = path.indexOf('/', start);
		var key = (method.equals("GET") || method.equals("HEAD") ? "R " : "W ")
				+ (slash < 0 ? path.substring(start) : path.substring(start, slash) + "/*");
		var known = routes.get(key);
		if (known != null) {
			return known;
		}
		if (routes.size() >= MAX_ROUTES) {
			return MAX_ROUTES;
		}
		synchronized (routes) {
			return routes.size() >= MAX_ROUTES ? MAX_ROUTES : routes.computeIfAbsent(key, ignored -> routes.size());
		}
	}

	/** Admits a request of the priority if there is room for it; an admitted request must be {@linkplain #release released}. */
	boolean tryAcquire(Priority priority) {
		if (!reserve(ceiling(priority))) {
			return false;
		}
		admitted(priority);
		return true;
	}

	/**
	 * Admits a critical request, waiting up to {@code patienceNanos} for room when there is none. Slots that free up
	 * are handed to waiting requests oldest first, before any other request can take them. A request joins the wait
	 * only if the {@linkplain #waitingRoom waiting room} for that patience has a place, so a burst on an idle server
	 * waits its turn while a queue that could not be served in time refuses at once; after the wait, too, the request
	 * is refused. An admitted request must be {@linkplain #release released}.
	 */
	boolean acquireCritical(long patienceNanos) {
		if (patienceNanos <= 0) {
			return tryAcquire(Priority.CRITICAL);
		}
		// while others wait, a newcomer queues behind them rather than taking the next free slot
		if (waiters.get() == 0 && tryAcquire(Priority.CRITICAL)) {
			return true;
		}
		var waiter = new Waiter(Thread.currentThread());
		// in the queue before it is counted: whoever sees it counted finds it there
		waiting.addLast(waiter);
		if (waiters.incrementAndGet() > waitingRoom(patienceNanos)) {
			return giveUp(waiter);
		}
		// a slot may have freed between the refusal above and joining the queue
		handOver();
		long deadline = System.nanoTime() + patienceNanos;
		boolean interrupted = false;
		while (waiter.waits()) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			LockSupport.parkNanos(this, left);
			if (Thread.interrupted()) {
				interrupted = true;
				break;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return giveUp(waiter);
	}

	/**
	 * How many critical requests may wait at once with the patience: as many as the limit serves within it at the
	 * last window's latency ({@code limit × patience / latency}), so that each can expect its slot before it gives
	 * up; never fewer than the limit, never more than {@code max-limit}, and {@code max-limit} before any latency was
	 * measured.
	 */
	int waitingRoom(long patienceNanos) {
		int current = limit;
		double latency = recentNanos;
		if (latency <= 0) {
			return settings.maxLimit();
		}
		return (int) Math.max(current, Math.min(settings.maxLimit(), current * (patienceNanos / latency)));
	}

	/** Ends a wait: refused if still waiting, else admitted to the slot it was granted meanwhile. */
	private boolean giveUp(Waiter waiter) {
		if (waiter.abandon()) {
			waiters.decrementAndGet();
			waiting.remove(waiter);
			return false;
		}
		admitted(Priority.CRITICAL);
		return true;
	}

	/** Takes a slot if fewer than {@code ceiling} are in flight. */
	private boolean reserve(int ceiling) {
		int now;
		do {
			now = inflight.get();
			if (now >= ceiling) {
				return false;
			}
		}
		while (!inflight.compareAndSet(now, now + 1));
		if (now + 1 > peak.get()) {
			peak.accumulateAndGet(now + 1, Math::max);
		}
		return true;
	}

	private void admitted(Priority priority) {
		inflightByPriority.get(priority).incrementAndGet();
	}

	/** Gives free slots to waiting critical requests, oldest first. */
	private void handOver() {
		while (waiters.get() > 0 && reserve(ceiling(Priority.CRITICAL))) {
			Waiter next;
			do {
				next = waiting.pollFirst();
			}
			while (next != null && !next.waits());
			if (next != null && next.grant()) {
				waiters.decrementAndGet();
				LockSupport.unpark(next.thread);
			}
			else {
				// whoever was next gave up meanwhile: give the slot back, and look again unless the queue is empty (one
				// who joins after this look counts itself after joining and then finds the slot free itself)
				inflight.decrementAndGet();
				if (next == null && waiting.peekFirst() == null) {
					return;
				}
			}
		}
	}

	/**
	 * Ends an admitted request of a {@linkplain #route route} that started at {@code startNanos} (of the same clock)
	 * and learns from its latency; a negative route ends it without learning.
	 */
	void release(Priority priority, int route, long startNanos) {
		long now = nanoTime.getAsLong();
		inflightByPriority.get(priority).decrementAndGet();
		inflight.decrementAndGet();
		if (waiters.get() > 0) {
			handOver();
		}
		if (route < 0) {
			return;
		}
		latencySums[route].add(now - startNanos);
		latencyCounts[route].increment();
		if (now - windowStart >= windowNanos && estimating.tryLock()) {
			try {
				if (now - windowStart >= windowNanos) {
					estimate(now);
				}
			}
			finally {
				estimating.unlock();
			}
			if (waiters.get() > 0) {
				// the limit may have grown
				handOver();
			}
		}
	}

	private void estimate(long now) {
		int peakInflight = peak.getAndSet(inflight.get());
		windowStart = now;
		long requests = 0;
		double totalNanos = 0;
		double ratios = 0;
		for (int route = 0; route <= MAX_ROUTES; route++) {
			long count = latencyCounts[route].sumThenReset();
			long sum = latencySums[route].sumThenReset();
			if (count == 0) {
				continue;
			}
			double latency = (double) sum / count;
			double baseline = baselines[route];
			baseline = baseline == 0 ? latency
					: baseline + (latency - baseline) * (latency < baseline ? BASELINE_FALL : BASELINE_RISE);
			baselines[route] = baseline;
			requests += count;
			totalNanos += sum;
			ratios += count * (latency / baseline);
		}
		if (requests == 0) {
			return;
		}
		double ratio = ratios / requests;
		recentNanos = totalNanos / requests;
		recentRatio = ratio;
		if (peakInflight < estimate / 2) {
			// the load never came near the limit: nothing learnt about capacity
			return;
		}
		double gradient = Math.max(MIN_GRADIENT, Math.min(1.0, settings.tolerance() / ratio));
		double target = estimate * gradient + Math.sqrt(estimate);
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

	/** The clock latencies are measured by, in nanoseconds. */
	long nanoTime() {
		return nanoTime.getAsLong();
	}

	/** Critical requests waiting for room now. */
	int waiting() {
		// one granted in the moment between joining the queue and counting itself is uncounted before it is counted
		return Math.max(0, waiters.get());
	}

	/** The last window's latency of each route against its baseline, averaged over its requests (1 is unloaded). */
	double recentRatio() {
		return recentRatio;
	}

	/** The baseline latency of a route, in milliseconds (0 before any was measured). */
	double baselineMillis(int route) {
		estimating.lock();
		try {
			return baselines[route] / 1e6;
		}
		finally {
			estimating.unlock();
		}
	}

	/** The average latency of the last window over all routes, in milliseconds. */
	double recentMillis() {
		return recentNanos / 1e6;
	}

	/** A critical request waiting for room: it either is granted a slot or gives up, whichever comes first. */
	private static final class Waiter {

		private static final int WAITING = 0;
		private static final int GRANTED = 1;
		private static final int ABANDONED = 2;

		final Thread thread;
		private final AtomicInteger state = new AtomicInteger(WAITING);

		Waiter(Thread thread) {
			this.thread = thread;
		}

		boolean waits() {
			return state.get() == WAITING;
		}

		boolean grant() {
			return state.compareAndSet(WAITING, GRANTED);
		}

		boolean abandon() {
			return state.compareAndSet(WAITING, ABANDONED);
		}
	}
}
