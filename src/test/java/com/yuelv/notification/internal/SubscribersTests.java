package com.yuelv.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Live connections: each entry once and in order across the replay and what arrived meanwhile, and a client that
 * stops reading dropped without holding up the others or keeping its queue.
 */
class SubscribersTests {

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();
	final Subscribers subscribers = new Subscribers(8, meters);
	final UUID ann = UUID.randomUUID();

	static LiveEntry entry(UUID recipient, long seq) {
		return new LiveEntry(recipient, seq, UUID.randomUUID(), EntryKind.FOLLOWED, null, "someone followed you",
				Instant.now());
	}

	/** A client that reads everything it is sent. */
	static class Reader implements Subscribers.Sink {

		final List<Long> seen = new CopyOnWriteArrayList<>();
		volatile boolean closed;

		@Override
		public void send(LiveEntry entry) throws IOException {
			seen.add(entry.seq());
		}

		@Override
		public void heartbeat() {}

		@Override
		public void reset() {
			seen.add(-1L);
		}

		@Override
		public void close() {
			closed = true;
		}
	}

	@Test
	void sendsTheMissedThenTheNewEachOnceInOrder() {
		var reader = new Reader();
		var subscriber = subscribers.subscribe(ann, reader);
		subscribers.deliver(entry(ann, 3));
		subscribers.deliver(entry(ann, 4));
		subscribers.deliver(entry(UUID.randomUUID(), 9));

		subscriber.start(List.of(entry(ann, 2), entry(ann, 3)), false, 1);
		subscribers.deliver(entry(ann, 5));

		await().atMost(Duration.ofSeconds(5)).until(() -> reader.seen.size() == 4);
		assertThat(reader.seen).containsExactly(2L, 3L, 4L, 5L);
		subscriber.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> reader.closed);
		assertThat(subscribers.connections(ann)).isZero();
	}

	@Test
	void dropsAClientThatStopsReadingWithoutWaitingForIt() throws Exception {
		var stuck = new CountDownLatch(1);
		var stopped = new Reader() {
			@Override
			public void send(LiveEntry entry) {
				try {
					stuck.await();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		};
		var reader = new Reader();
		subscribers.subscribe(ann, stopped).start(List.of(), false, 0);
		subscribers.subscribe(ann, reader).start(List.of(), false, 0);

		var delivering = 0L;
		for (var seq = 1; seq <= 20; seq++) {
			var started = System.nanoTime();
			subscribers.deliver(entry(ann, seq));
			delivering += System.nanoTime() - started;
			var sent = seq;
			await().atMost(Duration.ofSeconds(5)).until(() -> reader.seen.size() == sent);
		}
		assertThat(Duration.ofNanos(delivering)).as("delivering never waits for a client")
				.isLessThan(Duration.ofSeconds(2));
		assertThat(subscribers.connections(ann)).as("the stuck one is dropped, the reader kept").isOne();
		assertThat(meters.counter("yuelv.inbox.live.dropped").count()).isOne();
		stuck.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> stopped.closed);
	}

	@Test
	void aClientThatMissedTooMuchIsToldToReadTheInboxAgain() {
		var reader = new Reader();
		subscribers.subscribe(ann, reader).start(List.of(entry(ann, 7)), true, 0);
		await().atMost(Duration.ofSeconds(5)).until(() -> reader.seen.size() == 2);
		assertThat(reader.seen).containsExactly(-1L, 7L);
	}

	@Test
	void aFailingClientIsClosed() {
		var broken = new Reader() {
			@Override
			public void send(LiveEntry entry) throws IOException {
				throw new IOException("connection reset");
			}
		};
		subscribers.subscribe(ann, broken).start(List.of(), false, 0);
		subscribers.deliver(entry(ann, 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> broken.closed);
		assertThat(subscribers.connections(ann)).isZero();
	}
}
