package com.yuelv.trip;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.UserId;

/**
 * An organizer published a trip; it is now visible to everyone and open to companions.
 *
 * @param eventId unique per event, the key by which listeners deduplicate
 * @param occurredAt when the trip was published
 * @param tripId the trip
 * @param organizerId who organizes it
 * @param title its title in every language it was written in
 * @param destination where it goes
 * @param startDate first day
 * @param endDate last day
 * @param version the trip's version after publication
 */
public record TripPublished(UUID eventId, Instant occurredAt, TripId tripId, UserId organizerId, LocalizedText title,
		String destination, LocalDate startDate, LocalDate endDate, long version) implements DomainEvent {}
