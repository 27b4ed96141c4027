package com.yuelv.trip;

import java.time.Instant;
import java.util.UUID;

/**
 * An organizer cancelled a trip, drafted or published.
 *
 * @param eventId unique per event, the key by which listeners deduplicate
 * @param occurredAt when the trip was cancelled
 * @param trip the trip as cancelled, at its version after cancellation; its reason, if the organizer gave one
 * @param wasPublished whether anyone besides the organizer could have seen it
 */
public record TripCancelled(UUID eventId, Instant occurredAt, TripDetails trip, boolean wasPublished)
		implements TripEvent {}
