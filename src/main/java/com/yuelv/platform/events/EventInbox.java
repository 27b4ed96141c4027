package com.yuelv.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in events from other deployments exactly once per listening module: in one transaction it records the event's
 * id for each local module that listens to it and hands the event to the local listeners, whose publications the
 * outbox registers in that same transaction. An id seen before for those modules means a redelivery (the broker's, the
 * publisher's after a crash before the confirm, or the same event through another local module's queue): nothing
 * happens. Every shape of the application shares the inbox, so the deployment that takes a module over when the
 * season changes recognises what the deployment before it took in.
 */
final class EventInbox {

	private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);

	private final JdbcClient jdbc;
	private final TransactionTemplate transactions;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	EventInbox(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * @param listeners the local modules that listen to the event's module: one delivery takes it in for all of them,
	 *     since the local listeners all hear it
	 * @return whether the event was new to them and is now in the hands of the local listeners
	 */
	boolean takeIn(UUID id, String type, Object event, Set<String> listeners) {
		try {
			return Boolean.TRUE.equals(transactions.execute(status -> {
				if (knows(id, listeners)) {
					return false;
				}
				record(id, type, listeners);
				events.publishEvent(event);
				return true;
			}));
		}
		catch (DuplicateKeyException concurrently) {
			// another consumer took in a copy of the same event at the same moment
			return false;
		}
	}

	/** Whether the event was taken in for any of the modules. */
	boolean knows(UUID id, Set<String> modules) {
		return jdbc.sql("select count(*) from platform.event_inbox where event_id = :id and module in (:modules)")
				.param("id", id).param("modules", modules).query(Long.class).single() > 0;
	}

	/** Records the event as taken in for each of the modules, in the caller's transaction. */
	void record(UUID id, String type, Set<String> modules) {
		var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
		for (var module : modules) {
			jdbc.sql("insert into platform.event_inbox (event_id, module, event_type, received_at) values (?, ?, ?, ?)")
					.params(id, module, type, now).update();
		}
	}

	/** Forgets the ids of events received longer ago than any redelivery can come. */
	int forgetOlderThan(Duration age) {
		var removed = jdbc.sql("delete from platform.event_inbox where received_at < ?")
				.param(OffsetDateTime.ofInstant(clock.instant().minus(age), ZoneOffset.UTC)).update();
		LOG.debug("Forgot {} received event ids older than {}", removed, age);
		return removed;
	}
}
