package com.yuelv.trip;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;
import org.jspecify.annotations.Nullable;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.UserId;

/**
 * An organizer cancelled a trip, drafted or published.
 *
 * @param eventId unique per event, the key by which listeners deduplicate
 * @param occurredAt when the trip was cancelled
 * @param tripId the trip
 * @param organizerId who organized it
 * @param title its title in every language it was written in
 * @param wasPublished whether anyone besides the organizer could have seen it
 * @param reason the organizer's explanation, if given
 * @param version the trip's version after cancellation
 */
public record TripCancelled(UUID eventId, Instant occurredAt, TripId tripId, UserId organizerId, LocalizedText title,
		boolean wasPublished, @Nullable String reason, long version) implements DomainEvent {}
