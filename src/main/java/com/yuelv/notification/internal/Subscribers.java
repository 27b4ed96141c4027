package com.yuelv.notification.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The open live connections of this replica, by recipient. Each connection has a bounded queue and a virtual thread
 * of its own that writes to it, so a slow or stuck client holds up no one else: when its queue is full it is dropped
 * (its queue let go, its connection closed), and it reconnects with the last place it saw. A connection first gets
 * what it missed, then what arrived since it subscribed, each entry once, in order.
 */
public final class Subscribers {

	private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);

	/** What a connection is written through. */
	public interface Sink {

		void send(LiveEntry entry) throws IOException;

		/** A comment line, which keeps the connection alive. */
		void heartbeat() throws IOException;

		/** Tells the client that it missed more than is replayed: it reads the inbox again. */
		void reset() throws IOException;

		/** Closes the connection. */
		void close();
	}

	private final Map<UUID, Set<Subscriber>> byRecipient = new ConcurrentHashMap<>();
	private final int queue;
	private final Counter dropped;

	Subscribers(int queue, MeterRegistry meters) {
		this.queue = queue;
		this.dropped = Counter.builder("yuelv.inbox.live.dropped")
				.description("Live connections dropped because their client read too slowly").register(meters);
		Gauge.builder("yuelv.inbox.live.connections", byRecipient, map -> map.values().stream().mapToInt(Set::size).sum())
				.description("Open live inbox connections on this replica").register(meters);
	}

	/** One connection. */
	public final class Subscriber {

		private final UUID recipient;
		private final Sink sink;
		private final BlockingQueue<Object> pending = new ArrayBlockingQueue<>(queue);
		private final AtomicBoolean open = new AtomicBoolean(true);
		private long lastSent;

		private Subscriber(UUID recipient, Sink sink) {
			this.recipient = recipient;
			this.sink = sink;
		}

		/**
		 * Starts writing: first {@code missed} (or a reset when {@code tooMany}), then what arrived since the
		 * subscription, skipping what was sent already.
		 */
		public void start(List<LiveEntry> missed, boolean tooMany, long after) {
			lastSent = after;
			Thread.ofVirtual().name("inbox-live-" + recipient).start(() -> run(missed, tooMany));
		}

		private void run(List<LiveEntry> missed, boolean tooMany) {
			try {
				if (tooMany) {
					sink.reset();
				}
				for (var entry : missed) {
					send(entry);
				}
				while (open.get()) {
					var next = pending.poll(1, TimeUnit.SECONDS);
					if (next instanceof LiveEntry entry) {
						send(entry);
					}
					else if (next == HEARTBEAT) {
						sink.heartbeat();
					}
				}
			}
			catch (IOException | RuntimeException gone) {
				LOG.debug("Live connection of {} ended: {}", recipient, gone.toString());
			}
			catch (InterruptedException stopped) {
				Thread.currentThread().interrupt();
			}
			finally {
				close();
				try {
					sink.close();
				}
				catch (RuntimeException alreadyGone) {
					// the client went away first; the container ended the connection
					LOG.debug("Live connection of {} was closed already: {}", recipient, alreadyGone.toString());
				}
			}
		}

		private void send(LiveEntry entry) throws IOException {
			if (entry.seq() > lastSent) {
				sink.send(entry);
				lastSent = entry.seq();
			}
		}

		private void offer(Object item) {
			if (open.get() && !pending.offer(item)) {
				dropped.increment();
				LOG.info("Dropping the live connection of {}: {} entries wait for it", recipient, queue);
				close();
			}
		}

		/**
		 * Ends the connection: it gets nothing more, its queue is let go at once, and its writer closes it (never the
		 * caller, which a client that stopped reading must not hold up).
		 */
		public void close() {
			if (open.compareAndSet(true, false)) {
				var mine = byRecipient.get(recipient);
				if (mine != null) {
					mine.remove(this);
					byRecipient.computeIfPresent(recipient, (key, set) -> set.isEmpty() ? null : set);
				}
				pending.clear();
			}
		}

		boolean isOpen() {
			return open.get();
		}
	}

	private static final Object HEARTBEAT = new Object();

	/** Opens a connection of the recipient: entries delivered from now on wait in its queue until it starts. */
	public Subscriber subscribe(UUID recipient, Sink sink) {
		var subscriber = new Subscriber(recipient, sink);
		byRecipient.computeIfAbsent(recipient, key -> ConcurrentHashMap.newKeySet()).add(subscriber);
		return subscriber;
	}

	/** Hands a new entry to every connection of its recipient on this replica. */
	void deliver(LiveEntry entry) {
		var connections = byRecipient.get(entry.recipientId());
		if (connections != null) {
			connections.forEach(subscriber -> subscriber.offer(entry));
		}
	}

	void heartbeat() {
		byRecipient.values().forEach(connections -> connections.forEach(subscriber -> subscriber.offer(HEARTBEAT)));
	}

	void closeAll() {
		byRecipient.values().forEach(connections -> List.copyOf(connections).forEach(Subscriber::close));
	}

	/** How many connections of the recipient this replica holds. */
	int connections(UUID recipient) {
		return byRecipient.getOrDefault(recipient, Set.of()).size();
	}
}
