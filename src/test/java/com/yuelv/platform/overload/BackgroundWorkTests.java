package com.yuelv.platform.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Asynchronous work runs at once while no request is shed, waits while requests are shed and then runs oldest first;
 * waiting is bounded in number and in time; no more than the concurrency runs at once; a stop runs what waits and
 * then takes no more.
 */
class BackgroundWorkTests {

	private static final Duration SOON = Duration.ofSeconds(5);

	private final AtomicBoolean shedding = new AtomicBoolean();
	private final AtomicLong clock = new AtomicLong(1_000_000_000L);
	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
	private final List<Integer> ran = new CopyOnWriteArrayList<>();
	private BackgroundWork work;

	private BackgroundWork start(int concurrency, int maxWaiting, Duration maxWait) {
		work = new BackgroundWork(new BackgroundWorkSettings(concurrency, Duration.ofSeconds(1), maxWaiting, maxWait,
				SOON), shedding::get, clock::get, Thread.ofVirtual().factory(), meters);
		work.start();
		return work;
	}

	@AfterEach
	void stop() {
		if (work != null && work.isRunning()) {
			work.stop();
		}
	}

	private Runnable recording(int id) {
		return () -> ran.add(id);
	}

	private static void eventually(Runnable assertion) throws InterruptedException {
		long deadline = System.nanoTime() + SOON.toNanos();
		while (true) {
			try {
				assertion.run();
				return;
			}
			catch (AssertionError failed) {
				if (System.nanoTime() > deadline) {
					throw failed;
				}
				Thread.sleep(10);
			}
		}
	}

	@Test
	void runsAtOnceWhileNoRequestIsShed() throws InterruptedException {
		var work = start(4, 100, Duration.ofMinutes(5));
		var done = new CountDownLatch(1);

		work.execute(done::countDown);

		assertThat(done.await(SOON.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(work.waiting()).isZero();
	}

	@Test
	void waitsWhileRequestsAreShedThenRunsOldestFirst() throws InterruptedException {
		var work = start(1, 100, Duration.ofMinutes(5));
		shedding.set(true);

		for (int i = 0; i < 3; i++) {
			work.execute(recording(i));
		}
		// the dispatcher looks again every 50 ms: several looks while shedding go on run nothing
		Thread.sleep(300);
		assertThat(ran).isEmpty();
		assertThat(work.waiting()).isEqualTo(3);
		assertThat(meters.get("yuelv.overload.background.waiting").gauge().value()).isEqualTo(3.0);
		clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
		assertThat(work.oldestWaitNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
		assertThat(work.describe()).containsEntry("deferring", true).containsEntry("waiting", 3)
				.containsEntry("oldestWaitMillis", 2000L);

		shedding.set(false);

		eventually(() -> assertThat(ran).containsExactly(0, 1, 2));
		assertThat(work.waiting()).isZero();
	}

	@Test
	void switchedOffItRunsWhatWaitsAndWaitsNoMore() throws InterruptedException {
		var work = start(4, 100, Duration.ofMinutes(5));
		shedding.set(true);
		work.execute(recording(0));
		Thread.sleep(200);
		assertThat(ran).isEmpty();

		work.waitWhileShedding(false);

		eventually(() -> assertThat(ran).containsExactly(0));
		work.execute(recording(1));
		eventually(() -> assertThat(ran).containsExactly(0, 1));
		assertThat(work.describe()).containsEntry("waitsWhileShedding", false).containsEntry("deferring", false);
	}

	@Test
	void calmAfterZeroNeverWaits() throws InterruptedException {
		work = new BackgroundWork(new BackgroundWorkSettings(1, Duration.ZERO, 100, Duration.ofMinutes(5), SOON),
				shedding::get, clock::get, Thread.ofVirtual().factory(), meters);
		work.start();
		shedding.set(true);

		work.execute(recording(0));

		eventually(() -> assertThat(ran).containsExactly(0));
		assertThat(work.waitsWhileShedding()).isFalse();
	}

	@Test
	void newWorkQueuesBehindWaitingWorkEvenOnceCalm() throws InterruptedException {
		var work = start(1, 100, Duration.ofMinutes(5));
		var release = new CountDownLatch(1);
		work.execute(() -> {
			await(release);
			ran.add(0);
		});
		work.execute(recording(1));
		// no room: the second waits; the third must not overtake it
		work.execute(recording(2));
		release.countDown();

		eventually(() -> assertThat(ran).containsExactly(0, 1, 2));
	}

	@Test
	void runsTheOldestAnywayBeyondMaxWaiting() throws InterruptedException {
		var work = start(1, 2, Duration.ofMinutes(5));
		shedding.set(true);

		for (int i = 0; i < 4; i++) {
			work.execute(recording(i));
		}

		eventually(() -> assertThat(ran).containsExactly(0, 1));
		Thread.sleep(200);
		assertThat(ran).containsExactly(0, 1);
		assertThat(work.waiting()).isEqualTo(2);
	}

	@Test
	void runsWorkThatWaitedMaxWaitAnyway() throws InterruptedException {
		var work = start(1, 100, Duration.ofSeconds(30));
		shedding.set(true);
		work.execute(recording(0));
		clock.addAndGet(TimeUnit.SECONDS.toNanos(29));
		work.execute(recording(1));
		Thread.sleep(200);
		assertThat(ran).isEmpty();

		clock.addAndGet(TimeUnit.SECONDS.toNanos(1));

		eventually(() -> assertThat(ran).containsExactly(0));
		Thread.sleep(200);
		assertThat(ran).containsExactly(0);
	}

	@Test
	void neverRunsMoreThanItsConcurrency() throws InterruptedException {
		var work = start(2, 100, Duration.ofMinutes(5));
		var release = new CountDownLatch(1);
		var now = new AtomicInteger();
		var most = new AtomicInteger();
		var finished = new CountDownLatch(6);

		for (int i = 0; i < 6; i++) {
			work.execute(() -> {
				most.accumulateAndGet(now.incrementAndGet(), Math::max);
				await(release);
				now.decrementAndGet();
				finished.countDown();
			});
		}
		eventually(() -> assertThat(now).hasValue(2));
		assertThat(work.running()).isEqualTo(2);
		assertThat(work.waiting()).isEqualTo(4);
		release.countDown();

		assertThat(finished.await(SOON.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(most).hasValue(2);
		eventually(() -> assertThat(work.running()).isZero());
	}

	@Test
	void aStopRunsWhatWaitsThenTakesNoMore() throws InterruptedException {
		var work = start(1, 100, Duration.ofMinutes(5));
		shedding.set(true);
		work.execute(recording(0));
		work.execute(recording(1));

		work.stop();

		assertThat(work.isRunning()).isFalse();
		assertThat(work.waiting()).isZero();
		// both were started before the stop returned, each on a thread of its own
		eventually(() -> assertThat(ran).containsExactly(0, 1));
		assertThatThrownBy(() -> work.execute(recording(2))).isInstanceOf(RejectedExecutionException.class);
	}

	@Test
	void startsAgainAfterAStop() throws InterruptedException {
		var work = start(1, 100, Duration.ofMinutes(5));
		work.stop();

		work.start();
		shedding.set(true);
		work.execute(recording(0));
		Thread.sleep(200);
		assertThat(ran).isEmpty();
		shedding.set(false);

		eventually(() -> assertThat(ran).containsExactly(0));
		assertThat(work.isRunning()).isTrue();
	}

	@Test
	void malformedSettingsNameTheirKey() {
		var minute = Duration.ofMinutes(1);
		assertThatIllegalArgumentException().isThrownBy(() -> new BackgroundWorkSettings(0, minute, 1, minute, minute))
				.withMessageContaining("yuelv.overload.background.concurrency");
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new BackgroundWorkSettings(1, minute.negated(), 1, minute, minute))
				.withMessageContaining("yuelv.overload.background.calm-after");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackgroundWorkSettings(1, minute, -1, minute, minute))
				.withMessageContaining("yuelv.overload.background.max-waiting");
		assertThatIllegalArgumentException().isThrownBy(() -> new BackgroundWorkSettings(1, minute, 1, null, minute))
				.withMessageContaining("yuelv.overload.background.max-wait");
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new BackgroundWorkSettings(1, minute, 1, minute, minute.negated()))
				.withMessageContaining("yuelv.overload.background.drain-on-stop");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
