package com.yuelv.notification.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.identity.AccountRegistered;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripPublished;

/**
 * Writes inbox entries for the events other modules announce. Each listener runs in its own transaction after the
 * publishing one committed; its publication stays incomplete until it succeeds, and is resubmitted after a failure
 * or a restart. A resubmitted event whose entry exists already is skipped, so each event yields one entry.
 */
@Component
class InboxWriter {

	private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);

	private final InboxEntries entries;

	InboxWriter(InboxEntries entries) {
		this.entries = entries;
	}

	@ApplicationModuleListener
	void on(AccountRegistered event) {
		write(event.eventId(), event.occurredAt(), event.userId().value(), EntryKind.WELCOME, null,
				"Welcome to Yuelv, %s! Find a trip or publish your own.".formatted(event.displayName()));
	}

	@ApplicationModuleListener
	void on(TripPublished event) {
		write(event.eventId(), event.occurredAt(), event.organizerId().value(), EntryKind.TRIP_PUBLISHED,
				event.tripId().value(), "Your trip \"%s\" is published.".formatted(event.title().primary()));
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		write(event.eventId(), event.occurredAt(), event.organizerId().value(), EntryKind.TRIP_CANCELLED,
				event.tripId().value(), "Your trip \"%s\" is cancelled.".formatted(event.title().primary()));
	}

	private void write(UUID eventId, Instant occurredAt, UUID recipient, EntryKind kind, @Nullable UUID subject,
			String message) {
		if (entries.existsBySourceEventIdAndRecipientId(eventId, recipient)) {
			LOG.debug("Event {} is already in the inbox of {}", eventId, recipient);
			return;
		}
		entries.save(new InboxEntry(recipient, kind, subject, message, eventId, occurredAt));
	}
}
