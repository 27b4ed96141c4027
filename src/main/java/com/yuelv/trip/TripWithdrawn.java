package com.yuelv.trip;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

/**
 * A published trip is gone for good, with its organizer's account: every copy of it (an index entry, a map pin, its
 * places and members) goes too. A trip still open to companions was cancelled first, in the same transaction, so that
 * its companions are released and refunded as for any cancellation. Names no one.
 *
 * @param eventId unique per event, the key by which listeners deduplicate
 * @param occurredAt when the trip was withdrawn
 * @param tripId the trip
 */
public record TripWithdrawn(UUID eventId, Instant occurredAt, TripId tripId) implements DomainEvent {}
