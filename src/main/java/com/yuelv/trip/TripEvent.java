package com.yuelv.trip;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.UserId;

/**
 * A change of a trip that others may see, with the whole trip as it is after the change: read models apply the
 * snapshot when its version is newer than theirs, whatever order events arrive in.
 */
public sealed interface TripEvent extends DomainEvent permits TripPublished, TripCancelled {

	/** Unique per event, the key by which listeners deduplicate. */
	UUID eventId();

	Instant occurredAt();

	/** The trip after the change, at its new version. */
	TripDetails trip();

	default TripId tripId() {
		return trip().tripId();
	}

	default UserId organizerId() {
		return trip().organizerId();
	}

	default LocalizedText title() {
		return trip().title();
	}

	default long version() {
		return trip().version();
	}
}
