package com.yuelv.notification.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.booking.BookingEvent;
import com.yuelv.content.ContentEvent;
import com.yuelv.identity.AccountRegistered;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.social.SocialEvent;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripPublished;

/**
 * Writes inbox entries for the events other modules announce, each at the next place of its recipient's live stream
 * ({@link LiveInbox}). Each listener runs in its own transaction after the publishing one committed; its publication
 * stays incomplete until it succeeds, and is resubmitted after a failure or a restart. A resubmitted event whose entry
 * exists already is skipped, so each event yields one entry.
 */
@Component
class InboxWriter {

	private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);

	private final InboxEntries entries;
	private final LiveInbox live;
	private final SocialApi social;
	private final Blocks blocks;
	private final ErasedPeople erased;

	InboxWriter(InboxEntries entries, LiveInbox live, SocialApi social, Blocks blocks, ErasedPeople erased) {
		this.erased = erased;
		this.entries = entries;
		this.live = live;
		this.social = social;
		this.blocks = blocks;
	}

	@ApplicationModuleListener
	void on(AccountRegistered event) {
		write(event.eventId(), event.occurredAt(), event.userId().value(), EntryKind.WELCOME, null, null,
				"Welcome to Yuelv, %s! Find a trip or publish your own.".formatted(event.displayName()));
	}

	@ApplicationModuleListener
	void on(TripPublished event) {
		write(event.eventId(), event.occurredAt(), event.organizerId().value(), EntryKind.TRIP_PUBLISHED,
				event.tripId().value(), null, "Your trip \"%s\" is published.".formatted(event.title().primary()));
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		write(event.eventId(), event.occurredAt(), event.organizerId().value(), EntryKind.TRIP_CANCELLED,
				event.tripId().value(), null, "Your trip \"%s\" is cancelled.".formatted(event.title().primary()));
	}

	@ApplicationModuleListener
	void on(SocialEvent.Followed event) {
		write(event.eventId(), event.occurredAt(), event.other().value(), EntryKind.FOLLOWED, event.person().value(),
				event.person().value(), "%s followed you.".formatted(event.personName()));
	}

	/** Tells the others of the moment's trip, those who may see it, that a companion posted from it. */
	@ApplicationModuleListener
	void on(ContentEvent.MomentPosted event) {
		var trip = event.tripId();
		if (trip == null) {
			return;
		}
		for (var traveller : social.travellers(trip)) {
			if (traveller.equals(event.author()) || blocks.between(traveller, event.author())
					|| event.visibility() == ContentEvent.Visibility.FOLLOWERS
							&& !social.follows(traveller, event.author())) {
				continue;
			}
			write(event.eventId(), event.occurredAt(), traveller.value(), EntryKind.COMPANION_POSTED,
					event.momentId().value(), event.author().value(),
					"%s posted a moment from your trip.".formatted(event.authorName()));
		}
	}

	@ApplicationModuleListener
	void on(ContentEvent.MomentLiked event) {
		if (!event.liker().equals(event.author())) {
			write(event.eventId(), event.occurredAt(), event.author().value(), EntryKind.MOMENT_LIKED,
					event.momentId().value(), event.liker().value(), "%s liked your moment.".formatted(event.likerName()));
		}
	}

	@ApplicationModuleListener
	void on(ContentEvent.CommentAdded event) {
		var subject = event.momentId().value();
		if (!event.commenter().equals(event.author())) {
			write(event.eventId(), event.occurredAt(), event.author().value(), EntryKind.MOMENT_COMMENTED, subject,
					event.commenter().value(), "%s commented on your moment.".formatted(event.commenterName()));
		}
		var repliedTo = event.repliedTo();
		if (repliedTo != null && !repliedTo.equals(event.commenter()) && !repliedTo.equals(event.author())) {
			write(event.eventId(), event.occurredAt(), repliedTo.value(), EntryKind.MOMENT_COMMENTED, subject,
					event.commenter().value(), "%s replied to your comment.".formatted(event.commenterName()));
		}
	}

	@ApplicationModuleListener
	void on(BookingEvent event) {
		var trip = event.tripTitle().primary();
		var subject = event.tripId().value();
		var organizer = event.organizerId().value();
		var traveler = event.travelerId().value();
		switch (event) {
			case BookingEvent.JoinRequested requested -> {
				write(event, organizer, EntryKind.JOIN_REQUESTED, subject, requested.waitlisted()
						? "A traveler asked to join \"%s\" and waits in the waitlist.".formatted(trip)
						: "A traveler asked to join \"%s\".".formatted(trip));
				if (requested.waitlisted()) {
					write(event, traveler, EntryKind.JOIN_WAITLISTED, subject,
							"\"%s\" is full; your request waits for a freed seat.".formatted(trip));
				}
			}
			case BookingEvent.SeatHeld held -> write(event, traveler, EntryKind.SEAT_HELD, subject,
					"Your request to join \"%s\" was accepted: pay %s %s by %s to take the seat.".formatted(trip,
							held.price().amount().toPlainString(), held.price().currency().getCurrencyCode(),
							held.payBy()));
			case BookingEvent.HoldLapsed lapsed -> {
				write(event, traveler, EntryKind.HOLD_LAPSED, subject,
						"The seat held for you on \"%s\" was not paid for and is free again.".formatted(trip));
				write(event, organizer, EntryKind.HOLD_LAPSED, subject,
						"A seat held on \"%s\" was not paid for and is free again.".formatted(trip));
			}
			case BookingEvent.JoinAccepted accepted -> write(event, traveler, EntryKind.JOIN_ACCEPTED, subject,
					"You are in: your seat on \"%s\" is confirmed.".formatted(trip));
			case BookingEvent.JoinRejected rejected -> write(event, traveler, EntryKind.JOIN_REJECTED, subject,
					rejected.reason() == null ? "Your request to join \"%s\" was declined.".formatted(trip)
							: "Your request to join \"%s\" was declined: %s".formatted(trip, rejected.reason()));
			case BookingEvent.JoinWaitlisted waitlisted -> write(event, traveler, EntryKind.JOIN_WAITLISTED,
					subject, "The last seat on \"%s\" was taken; your request waits for a freed one.".formatted(trip));
			case BookingEvent.SeatOffered offered -> {
				write(event, traveler, EntryKind.SEAT_OFFERED, subject,
						"A seat on \"%s\" opened up and is held for you until the organizer decides.".formatted(trip));
				write(event, organizer, EntryKind.SEAT_OFFERED, subject,
						"A seat on \"%s\" is free again and held for the oldest waiting request.".formatted(trip));
			}
			case BookingEvent.JoinWithdrawn withdrawn -> write(event, organizer, EntryKind.JOIN_WITHDRAWN, subject,
					"A traveler withdrew their request to join \"%s\".".formatted(trip));
			case BookingEvent.CompanionLeft left -> write(event, organizer, EntryKind.COMPANION_LEFT, subject,
					"A companion left \"%s\"; their seat is free again.".formatted(trip));
			case BookingEvent.CompanionReleased released -> write(event, traveler, EntryKind.COMPANION_RELEASED,
					subject, "\"%s\" was cancelled by its organizer.".formatted(trip));
		}
	}

	private void write(BookingEvent event, UUID recipient, EntryKind kind, UUID subject, String message) {
		write(event.eventId(), event.occurredAt(), recipient, kind, subject, null, message);
	}

	/**
	 * Writes the entry once, unless its recipient, or the person it names, had their data erased: an event about
	 * them that arrives after the erasure brings nothing back.
	 */
	private void write(UUID eventId, Instant occurredAt, UUID recipient, EntryKind kind, @Nullable UUID subject,
			@Nullable UUID actor, String message) {
		if (actor == null ? erased.includesAnyOf(new UserId(recipient))
				: erased.includesAnyOf(new UserId(recipient), new UserId(actor))) {
			LOG.debug("Event {} concerns someone whose data was erased; nothing is written", eventId);
			return;
		}
		if (entries.existsBySourceEventIdAndRecipientId(eventId, recipient)) {
			LOG.debug("Event {} is already in the inbox of {}", eventId, recipient);
			return;
		}
		live.written(entries.save(new InboxEntry(recipient, kind, subject, actor, message, eventId, occurredAt,
				live.next(recipient))));
	}
}
