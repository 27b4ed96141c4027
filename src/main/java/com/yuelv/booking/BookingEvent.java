package com.yuelv.booking;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;
import org.jspecify.annotations.Nullable;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

/**
 * A step in the life of a request to join a trip. Every event names the request, the trip, its organizer and the
 * traveler, so that listeners can tell each of them without calling back.
 */
public sealed interface BookingEvent extends DomainEvent {

	/** Unique per event, the key by which listeners deduplicate. */
	UUID eventId();

	Instant occurredAt();

	JoinRequestId requestId();

	TripId tripId();

	LocalizedText tripTitle();

	UserId organizerId();

	UserId travelerId();

	/** A traveler asked to join; {@code waitlisted} when the trip was full and the request waits for a seat. */
	record JoinRequested(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId, boolean waitlisted)
			implements BookingEvent {}

	/**
	 * The organizer accepted a request to join a trip with a price: the seat is held for the traveler, who pays
	 * {@code price} by {@code payBy} to take it.
	 */
	record SeatHeld(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId, Money price, Instant payBy)
			implements BookingEvent {}

	/** The held seat was not paid for (the payment failed, or time ran out); it is free again. */
	record HoldLapsed(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId) implements BookingEvent {}

	/** The organizer accepted (on a trip with a price: the traveler paid): the traveler holds a seat. */
	record JoinAccepted(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId) implements BookingEvent {}

	/** The organizer rejected the request. */
	record JoinRejected(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId, @Nullable String reason)
			implements BookingEvent {}

	/** The last seat was taken; a pending request now waits for a freed one. */
	record JoinWaitlisted(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId) implements BookingEvent {}

	/** A seat was freed and is held for the oldest waiting request until the organizer decides on it. */
	record SeatOffered(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId) implements BookingEvent {}

	/** The traveler withdrew a request that was not accepted yet. */
	record JoinWithdrawn(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId) implements BookingEvent {}

	/** An accepted companion left the trip; the seat is free again. */
	record CompanionLeft(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId) implements BookingEvent {}

	/** The trip was cancelled; the request, whatever its state, is released. */
	record CompanionReleased(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
			LocalizedText tripTitle, UserId organizerId, UserId travelerId) implements BookingEvent {}
}
