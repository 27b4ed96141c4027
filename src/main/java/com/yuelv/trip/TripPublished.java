package com.yuelv.trip;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.UserId;

/**
 * An organizer published a trip; it is now visible to everyone and open to companions. Carries the whole trip as
 * published, so that read models (search, places, bookings) need not call back.
 *
 * @param eventId unique per event, the key by which listeners deduplicate
 * @param occurredAt when the trip was published
 * @param trip the trip as published, at its version after publication
 */
public record TripPublished(UUID eventId, Instant occurredAt, TripDetails trip) implements DomainEvent {

	public TripId tripId() {
		return trip.tripId();
	}

	public UserId organizerId() {
		return trip.organizerId();
	}

	public LocalizedText title() {
		return trip.title();
	}

	public long version() {
		return trip.version();
	}
}
