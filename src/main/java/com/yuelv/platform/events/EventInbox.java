package com.yuelv.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in events from other deployments exactly once: in one transaction it records the event's id and hands the
 * event to the local listeners, whose publications the outbox registers in that same transaction. An id seen before
 * means a redelivery (the broker's, or the publisher's after a crash before the confirm): nothing happens.
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

	/** @return whether the event was new and is now in the hands of the local listeners */
	boolean takeIn(UUID id, String type, Object event) {
		try {
			return Boolean.TRUE.equals(transactions.execute(status -> {
				var seen = jdbc.sql("select count(*) from platform.event_inbox where event_id = ?")
						.param(id).query(Long.class).single() > 0;
				if (seen) {
					return false;
				}
				jdbc.sql("insert into platform.event_inbox (event_id, event_type, received_at) values (?, ?, ?)")
						.params(id, type, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
				events.publishEvent(event);
				return true;
			}));
		}
		catch (DuplicateKeyException concurrently) {
			// another consumer took in a copy of the same event at the same moment
			return false;
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
