package com.yuelv.platform.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The concurrency limit on a clock of its own: it grows while latency stays near the baseline and the load comes
 * near the limit, shrinks when latency rises beyond the tolerance, never grows from a light load, and admits by
 * priority.
 */
class AdaptiveConcurrencyLimitTests {

	private long now = 1_000_000_000L;

	private static OverloadSettings settings(int initial, int min, int max) {
		return new OverloadSettings(true, initial, min, max, 0.8, 0.5, 1.5, 0.2, Duration.ofMillis(100),
				Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofMillis(100));
	}

	/** One window in which {@code concurrent} requests at a time each take {@code millis}. */
	private void window(AdaptiveConcurrencyLimit limit, int concurrent, long millis) {
		window(limit, concurrent, millis, limit.route("GET", "/api/v1/trips/1"));
	}

	private void window(AdaptiveConcurrencyLimit limit, int concurrent, long millis, int route) {
		long latency = TimeUnit.MILLISECONDS.toNanos(millis);
		for (int round = 0; round < 5; round++) {
			int admitted = 0;
			for (int i = 0; i < concurrent; i++) {
				if (limit.tryAcquire(Priority.CRITICAL)) {
					admitted++;
				}
			}
			// the last round closes the window
			now += round < 4 ? latency : Math.max(latency, TimeUnit.MILLISECONDS.toNanos(100));
			for (int i = 0; i < admitted; i++) {
				limit.release(Priority.CRITICAL, route, now - latency);
			}
		}
	}

	@Test
	void growsWhileLatencyStaysNearTheBaselineUnderLoad() {
		var limit = new AdaptiveConcurrencyLimit(settings(20, 4, 200), () -> now);
		for (int i = 0; i < 10; i++) {
			window(limit, limit.limit(), 10);
		}
		assertThat(limit.limit()).isGreaterThan(20);
		assertThat(limit.baselineMillis(limit.route("GET", "/api/v1/trips/1"))).isEqualTo(10.0);
		assertThat(limit.recentRatio()).isEqualTo(1.0);
	}

	@Test
	void shrinksWhenLatencyRisesBeyondTheTolerance() {
		var limit = new AdaptiveConcurrencyLimit(settings(100, 4, 200), () -> now);
		window(limit, 100, 10);
		int before = limit.limit();
		for (int i = 0; i < 20; i++) {
			window(limit, limit.limit(), 40);
		}
		assertThat(limit.limit()).isLessThan(before / 2);
		assertThat(limit.recentMillis()).isEqualTo(40.0);
	}

	@Test
	void judgesEachRouteAgainstItsOwnBaselineSoThatAShiftInTheMixIsNoCongestion() {
		var limit = new AdaptiveConcurrencyLimit(settings(40, 4, 200), () -> now);
		int page = limit.route("GET", "/api/v1/trips/1");
		int search = limit.route("GET", "/api/v1/search/trips");
		// cheap pages and costly searches, first mostly pages, then (pages shed, say) only searches
		for (int i = 0; i < 5; i++) {
			window(limit, limit.limit(), 1, page);
			window(limit, 4, 20, search);
		}
		int before = limit.limit();
		for (int i = 0; i < 10; i++) {
			window(limit, limit.limit(), 20, search);
		}
		assertThat(limit.limit()).isGreaterThan(before);
		assertThat(limit.recentRatio()).isEqualTo(1.0);
		assertThat(limit.recentMillis()).isEqualTo(20.0);
	}

	@Test
	void tellsRoutesApartByKindAndFirstSegment() {
		var limit = new AdaptiveConcurrencyLimit(settings(40, 4, 200), () -> now);
		assertThat(limit.route("GET", "/api/v1/trips/a")).isEqualTo(limit.route("GET", "/api/v1/trips/b/seats"))
				.isNotEqualTo(limit.route("GET", "/api/v1/trips"))
				.isNotEqualTo(limit.route("PUT", "/api/v1/trips/a"));
		for (int i = 0; i < 100; i++) {
			limit.route("GET", "/api/v1/invented-" + i);
		}
		assertThat(limit.route("GET", "/api/v1/yet-another")).isEqualTo(AdaptiveConcurrencyLimit.MAX_ROUTES);
		assertThat(limit.route("GET", "/api/v1/trips/c")).isEqualTo(limit.route("GET", "/api/v1/trips/a"));
	}

	@Test
	void neverGrowsFromALightLoad() {
		var limit = new AdaptiveConcurrencyLimit(settings(40, 4, 200), () -> now);
		for (int i = 0; i < 20; i++) {
			window(limit, 5, 10);
		}
		assertThat(limit.limit()).isEqualTo(40);
	}

	@Test
	void staysWithinItsBounds() {
		var limit = new AdaptiveConcurrencyLimit(settings(10, 8, 12), () -> now);
		window(limit, 10, 10);
		for (int i = 0; i < 30; i++) {
			window(limit, limit.limit(), 1000);
		}
		assertThat(limit.limit()).isEqualTo(8);
		for (int i = 0; i < 100; i++) {
			window(limit, limit.limit(), 1);
		}
		assertThat(limit.limit()).isEqualTo(12);
	}

	@Test
	void admitsSheddableUpToHalfNormalUpToFourFifthsAndCriticalUpToTheLimit() {
		var limit = new AdaptiveConcurrencyLimit(settings(10, 10, 10), () -> now);
		int sheddable = 0;
		while (limit.tryAcquire(Priority.SHEDDABLE)) {
			sheddable++;
		}
		int normal = 0;
		while (limit.tryAcquire(Priority.NORMAL)) {
			normal++;
		}
		int critical = 0;
		while (limit.tryAcquire(Priority.CRITICAL)) {
			critical++;
		}
		assertThat(new int[] { sheddable, normal, critical }).containsExactly(5, 3, 2);
		assertThat(limit.inflight()).isEqualTo(10);
		assertThat(limit.inflight(Priority.NORMAL)).isEqualTo(3);

		limit.release(Priority.SHEDDABLE, 0, now);
		assertThat(limit.tryAcquire(Priority.SHEDDABLE)).isFalse();
		assertThat(limit.tryAcquire(Priority.NORMAL)).isFalse();
		assertThat(limit.tryAcquire(Priority.CRITICAL)).isTrue();
	}

	@Test
	void aCriticalRequestThatFindsNoRoomWaitsForTheNextSlotAheadOfEveryoneElse() throws Exception {
		var limit = new AdaptiveConcurrencyLimit(settings(10, 10, 10), () -> now);
		while (limit.tryAcquire(Priority.NORMAL)) {
			// fill the normal share
		}
		while (limit.tryAcquire(Priority.CRITICAL)) {
			// and the rest
		}
		var admitted = new java.util.concurrent.CompletableFuture<Boolean>();
		var waiter = Thread.ofVirtual()
				.start(() -> admitted.complete(limit.acquireCritical(TimeUnit.SECONDS.toNanos(10))));
		while (limit.waiting() == 0) {
			Thread.onSpinWait();
		}
		assertThat(admitted).isNotDone();
		limit.release(Priority.NORMAL, -1, now);
		// the slot went to the waiting request: nobody else finds it free
		assertThat(admitted.get(30, TimeUnit.SECONDS)).isTrue();
		waiter.join();
		assertThat(limit.tryAcquire(Priority.CRITICAL)).isFalse();
		assertThat(limit.inflight()).isEqualTo(10);
		assertThat(limit.inflight(Priority.CRITICAL)).isEqualTo(3);
		assertThat(limit.waiting()).isZero();
	}

	@Test
	void waitingCriticalRequestsAreServedOldestFirst() throws Exception {
		var limit = new AdaptiveConcurrencyLimit(settings(10, 10, 10), () -> now);
		while (limit.tryAcquire(Priority.CRITICAL)) {
			// fill the limit
		}
		var first = new java.util.concurrent.CompletableFuture<Boolean>();
		Thread.ofVirtual().start(() -> first.complete(limit.acquireCritical(TimeUnit.SECONDS.toNanos(30))));
		while (limit.waiting() == 0) {
			Thread.onSpinWait();
		}
		var second = new java.util.concurrent.CompletableFuture<Boolean>();
		Thread.ofVirtual().start(() -> second.complete(limit.acquireCritical(TimeUnit.SECONDS.toNanos(30))));
		while (limit.waiting() < 2) {
			Thread.onSpinWait();
		}
		limit.release(Priority.CRITICAL, -1, now);
		assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(second).isNotDone();
		limit.release(Priority.CRITICAL, -1, now);
		assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(limit.inflight()).isEqualTo(10);
		assertThat(limit.inflight(Priority.CRITICAL)).isEqualTo(10);
		assertThat(limit.waiting()).isZero();
	}

	@Test
	void aWaitingCriticalRequestIsRefusedWhenNoRoomFreesInTime() {
		var limit = new AdaptiveConcurrencyLimit(settings(10, 10, 10), () -> now);
		while (limit.tryAcquire(Priority.CRITICAL)) {
			// fill the limit
		}
		long start = System.nanoTime();
		assertThat(limit.acquireCritical(TimeUnit.MILLISECONDS.toNanos(30))).isFalse();
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
		assertThat(limit.waiting()).isZero();
		// a slot freed after it gave up is nobody's: the next request finds it
		limit.release(Priority.CRITICAL, -1, now);
		assertThat(limit.inflight()).isEqualTo(9);
		assertThat(limit.acquireCritical(0)).isTrue();
		assertThat(limit.acquireCritical(0)).isFalse();
	}

	@Test
	void aBurstWaitsItsTurnWhenTheLatencySaysItComesWithinThePatienceAndTheRestIsRefusedAtOnce() throws Exception {
		var limit = new AdaptiveConcurrencyLimit(settings(4, 4, 1000), () -> now);
		window(limit, 4, 10);
		assertThat(limit.recentMillis()).isEqualTo(10.0);
		// four in flight at 10 ms each serve 400 in a second: up to 400 may wait that long
		assertThat(limit.waitingRoom(TimeUnit.SECONDS.toNanos(1))).isEqualTo(400);
		window(limit, 4, 500);
		// at 500 ms each, a second serves eight: eight may wait, the limit's four at least
		assertThat(limit.waitingRoom(TimeUnit.SECONDS.toNanos(1))).isEqualTo(8);
		assertThat(limit.waitingRoom(TimeUnit.MILLISECONDS.toNanos(100))).isEqualTo(limit.limit());

		var waiting = waiting(limit, 8, TimeUnit.SECONDS.toNanos(1));
		assertThat(limit.acquireCritical(TimeUnit.SECONDS.toNanos(1))).as("a ninth cannot expect a slot in time")
			.isFalse();
		for (int served = 0; served < 8 + limit.limit(); served++) {
			limit.release(Priority.CRITICAL, -1, now);
		}
		assertThat(waiting.outcomes()).hasSize(8).containsOnly(true);
	}

	@Test
	void beforeAnyLatencyIsKnownNoMoreWaitThanMaxLimitAndEveryWaiterGetsExactlyOneSlot() throws Exception {
		var limit = new AdaptiveConcurrencyLimit(settings(4, 4, 4), () -> now);
		var waiting = waiting(limit, 4, TimeUnit.SECONDS.toNanos(10));
		// a fifth finds the queue full and is refused without waiting
		long start = System.nanoTime();
		assertThat(limit.acquireCritical(TimeUnit.SECONDS.toNanos(10))).isFalse();
		assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
		for (int i = 0; i < 4; i++) {
			limit.release(Priority.CRITICAL, -1, now);
		}
		assertThat(waiting.outcomes()).containsExactly(true, true, true, true);
		assertThat(limit.inflight()).isEqualTo(4);
		assertThat(limit.inflight(Priority.CRITICAL)).isEqualTo(4);
		assertThat(limit.waiting()).isZero();
	}

	/** Critical requests waiting for room, each on a thread of its own. */
	private record Waiting(java.util.List<Thread> threads, java.util.Queue<Boolean> admitted) {

		/** Whether each was admitted, once all have had their answer. */
		java.util.Queue<Boolean> outcomes() throws InterruptedException {
			for (var thread : threads) {
				thread.join();
			}
			return admitted;
		}
	}

	/** Fills the limit, then sends {@code count} critical requests with the patience; returns once all of them wait. */
	private static Waiting waiting(AdaptiveConcurrencyLimit limit, int count, long patienceNanos) {
		while (limit.tryAcquire(Priority.CRITICAL)) {
			// fill the limit
		}
		var admitted = new java.util.concurrent.ConcurrentLinkedQueue<Boolean>();
		var threads = new java.util.ArrayList<Thread>();
		for (int i = 0; i < count; i++) {
			threads.add(Thread.ofVirtual().start(() -> admitted.add(limit.acquireCritical(patienceNanos))));
		}
		while (limit.waiting() < count) {
			Thread.onSpinWait();
		}
		return new Waiting(threads, admitted);
	}

	@Test
	void malformedSettingsNameTheirKey() {
		assertThatThrownBy(() -> settings(5, 8, 12)).hasMessageContaining("yuelv.overload.initial-limit");
		assertThatThrownBy(() -> malformed(0.5, 0.8, 1.5, Duration.ofSeconds(1), Duration.ZERO, 10, 5))
				.hasMessageContaining("yuelv.overload.sheddable-share");
		assertThatThrownBy(() -> malformed(0.8, 0.5, 0.9, Duration.ofSeconds(1), Duration.ZERO, 10, 5))
				.hasMessageContaining("yuelv.overload.tolerance");
		assertThatThrownBy(() -> malformed(0.8, 0.5, 1.5, Duration.ZERO, Duration.ZERO, 10, 5))
				.hasMessageContaining("yuelv.overload.retry-after");
		assertThatThrownBy(() -> malformed(0.8, 0.5, 1.5, Duration.ofSeconds(1), Duration.ofSeconds(11), 10, 5))
				.hasMessageContaining("yuelv.overload.critical-wait");
		assertThatThrownBy(() -> malformed(0.8, 0.5, 1.5, Duration.ofSeconds(1), Duration.ZERO, 0, 0))
				.hasMessageContaining("yuelv.overload.normal-max-queueing");
		assertThatThrownBy(() -> malformed(0.8, 0.5, 1.5, Duration.ofSeconds(1), Duration.ZERO, 10, 20))
				.hasMessageContaining("yuelv.overload.sheddable-max-queueing");
	}

	private static OverloadSettings malformed(double normalShare, double sheddableShare, double tolerance,
			Duration retryAfter, Duration criticalWait, long normalMaxQueueingMillis, long sheddableMaxQueueingMillis) {
		return new OverloadSettings(true, 10, 8, 12, normalShare, sheddableShare, tolerance, 0.2,
				Duration.ofMillis(100), retryAfter, criticalWait, Duration.ofMillis(normalMaxQueueingMillis),
				Duration.ofMillis(sheddableMaxQueueingMillis), Duration.ofMillis(100));
	}
}
