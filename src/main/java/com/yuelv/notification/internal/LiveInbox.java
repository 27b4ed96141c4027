package com.yuelv.notification.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.yuelv.shared.UserId;

/**
 * The inbox as a live stream. A new entry takes the next place in its recipient's stream from the recipient's counter
 * row, which its transaction holds locked until it commits: places are given in the order entries commit, so a client
 * that saw place n has seen every place before it. Once the entry committed it goes to the recipient's connections,
 * on this replica or, with Redis, on every replica.
 */
@Service
public class LiveInbox {

	private final JdbcClient jdbc;
	private final InboxEntries entries;
	private final Subscribers subscribers;
	private final Fanout fanout;
	private final LiveSettings settings;

	LiveInbox(JdbcClient jdbc, InboxEntries entries, Subscribers subscribers, Fanout fanout, LiveSettings settings) {
		this.jdbc = jdbc;
		this.entries = entries;
		this.subscribers = subscribers;
		this.fanout = fanout;
		this.settings = settings;
	}

	/** How new entries reach the connections of their recipients. */
	interface Fanout {

		void publish(LiveEntry entry);
	}

	/** The next place in the recipient's stream; in the caller's transaction, which it holds the counter for. */
	long next(UUID recipient) {
		while (true) {
			if (jdbc.sql("update notification.inbox_counters set last_seq = last_seq + 1 where recipient_id = ?")
					.param(recipient).update() == 1) {
				return jdbc.sql("select last_seq from notification.inbox_counters where recipient_id = ?")
						.param(recipient).query(Long.class).single();
			}
			if (jdbc.sql("insert into notification.inbox_counters (recipient_id, last_seq) values (?, 1) "
					+ "on conflict do nothing").param(recipient).update() == 1) {
				return 1;
			}
			// another writer made the row first: take the next place after theirs
		}
	}

	/** Sends the entry to its recipient's connections once the caller's transaction committed. */
	void written(InboxEntry entry) {
		var live = LiveEntry.of(entry);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			fanout.publish(live);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				fanout.publish(live);
			}
		});
	}

	/**
	 * Opens a connection of the person: what they missed after {@code lastSeen} (their Last-Event-ID), if given, then
	 * every new entry.
	 */
	@Transactional(readOnly = true)
	public Subscribers.Subscriber open(UserId person, Subscribers.Sink sink,
			@org.jspecify.annotations.Nullable Long lastSeen) {
		var subscriber = subscribers.subscribe(person.value(), sink);
		try {
			if (lastSeen == null) {
				subscriber.start(List.of(), false, 0);
				return subscriber;
			}
			var missed = entries.streamedAfter(person.value(), lastSeen, Limit.of(settings.maxReplay() + 1)).stream()
					.map(LiveEntry::of).toList();
			var tooMany = missed.size() > settings.maxReplay();
			subscriber.start(tooMany ? missed.subList(missed.size() - settings.maxReplay(), missed.size()) : missed,
					tooMany, lastSeen);
			return subscriber;
		}
		catch (RuntimeException e) {
			subscriber.close();
			throw e;
		}
	}

	/** How long one connection lasts before the client is to reconnect. */
	public java.time.Duration connectionTimeout() {
		return settings.timeout();
	}

	@Scheduled(fixedDelayString = "${yuelv.notification.live.heartbeat:15s}")
	void heartbeat() {
		subscribers.heartbeat();
	}
}
