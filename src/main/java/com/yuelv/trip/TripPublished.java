package com.yuelv.trip;

import java.time.Instant;
import java.util.UUID;

/**
 * An organizer published a trip; it is now visible to everyone and open to companions. Carries the whole trip as
 * published, so that read models (search, places, bookings) need not call back.
 *
 * @param eventId unique per event, the key by which listeners deduplicate
 * @param occurredAt when the trip was published
 * @param trip the trip as published, at its version after publication
 */
public record TripPublished(UUID eventId, Instant occurredAt, TripDetails trip) implements TripEvent {}
