package com.yuelv.platform.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A request that queued beyond the target is refused only while a queue stands: every request beyond the target for a
 * whole interval, with no pause of an interval between them.
 */
class StandingQueueTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	private final StandingQueue queue = new StandingQueue(10 * MS, 100 * MS);

	@Test
	void aSpikeThatPassesRefusesNothing() {
		long now = 1_000 * MS;
		for (int i = 0; i < 9; i++) {
			assertThat(queue.refuses(50 * MS, now + i * 10 * MS)).isFalse();
		}
		// a request that queued less ends the episode: spikes that keep coming with short waits between refuse nothing
		assertThat(queue.refuses(1 * MS, now + 95 * MS)).isFalse();
		assertThat(queue.refuses(50 * MS, now + 100 * MS)).isFalse();
		assertThat(queue.refuses(50 * MS, now + 190 * MS)).isFalse();
		assertThat(queue.refuses(1 * MS, now + 195 * MS)).isFalse();
		assertThat(queue.refuses(50 * MS, now + 200 * MS)).isFalse();
	}

	@Test
	void aQueueThatStandsForAnIntervalRefusesWhatQueuedBeyondTheTargetOnly() {
		long now = 1_000 * MS;
		for (int i = 0; i < 10; i++) {
			assertThat(queue.refuses(50 * MS, now + i * 10 * MS)).isFalse();
		}
		assertThat(queue.refuses(50 * MS, now + 100 * MS)).isTrue();
		assertThat(queue.refuses(11 * MS, now + 150 * MS)).isTrue();
		assertThat(queue.refuses(11 * MS, now + 190 * MS)).isTrue();
		// a pause of a whole interval ends it
		assertThat(queue.refuses(11 * MS, now + 290 * MS)).isFalse();
		assertThat(queue.refuses(11 * MS, now + 300 * MS)).isFalse();
	}
}
