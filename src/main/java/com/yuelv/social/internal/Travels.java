package com.yuelv.social.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.booking.BookingEvent;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripPublished;
import com.yuelv.trip.TripWithdrawn;

/**
 * Who travels together and where, learnt from the events of booking and trip: an accepted companion and the
 * organizer are members of the trip; a companion who leaves, or is released by a cancellation, is not; a cancelled
 * trip has no members. A published trip's places are its destination and its stops. Events may be handled in another
 * order than they happened: a membership keeps the moment of its last change and an older event never overwrites a
 * newer one, and a cancelled trip stays without members whatever comes after. Every change is idempotent, so a
 * resubmitted event changes nothing twice.
 */
@Component
class Travels {

	/** Longest place name kept; longer names are cut, as the column is. */
	static final int MAX_PLACE = 200;

	private final JdbcClient jdbc;
	private final ErasedPeople erased;

	Travels(JdbcClient jdbc, ErasedPeople erased) {
		this.jdbc = jdbc;
		this.erased = erased;
	}

	@ApplicationModuleListener
	void on(BookingEvent event) {
		switch (event) {
			case BookingEvent.JoinAccepted accepted -> {
				change(accepted.tripId().value(), accepted.organizerId().value(), true, accepted.occurredAt());
				change(accepted.tripId().value(), accepted.travelerId().value(), true, accepted.occurredAt());
			}
			case BookingEvent.CompanionLeft left ->
				change(left.tripId().value(), left.travelerId().value(), false, left.occurredAt());
			case BookingEvent.CompanionReleased released ->
				change(released.tripId().value(), released.travelerId().value(), false, released.occurredAt());
			default -> {
				// asking, deciding against and waiting make nobody a companion
			}
		}
	}

	@ApplicationModuleListener
	void on(TripPublished event) {
		if (erased.includesAnyOf(event.organizerId())) {
			return;
		}
		var trip = event.trip();
		var places = new TreeSet<String>();
		places.add(place(trip.destination()));
		trip.stops().forEach(stop -> places.add(place(stop.placeName())));
		places.remove("");
		for (var place : places) {
			jdbc.sql("insert into social.trip_places (trip_id, place) values (?, ?) on conflict do nothing")
					.params(trip.tripId().value(), place).update();
		}
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		var trip = event.trip().tripId().value();
		jdbc.sql("insert into social.cancelled_trips (trip_id) values (?) on conflict do nothing").param(trip).update();
		jdbc.sql("update social.trip_members set member = false where trip_id = ?").param(trip).update();
	}

	/**
	 * A trip gone with its organizer's account has neither members nor places any more; it stays known as cancelled,
	 * so that a membership arriving late is not one.
	 */
	@ApplicationModuleListener
	void on(TripWithdrawn event) {
		var trip = event.tripId().value();
		jdbc.sql("insert into social.cancelled_trips (trip_id) values (?) on conflict do nothing").param(trip).update();
		jdbc.sql("delete from social.trip_members where trip_id = ?").param(trip).update();
		jdbc.sql("delete from social.trip_places where trip_id = ?").param(trip).update();
	}

	/** Records a membership's change, unless the person's data was erased since. */
	private void change(UUID trip, UUID person, boolean member, Instant at) {
		if (erased.includesAnyOf(new UserId(person))) {
			return;
		}
		var cancelled = jdbc.sql("select count(*) from social.cancelled_trips where trip_id = ?").param(trip)
				.query(Long.class).single() > 0;
		var when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
		var stays = member && !cancelled;
		jdbc.sql("""
				insert into social.trip_members (trip_id, member_id, member, changed_at) values (?, ?, ?, ?)
				on conflict do nothing""").params(trip, person, stays, when).update();
		jdbc.sql("""
				update social.trip_members set member = ?, changed_at = ?
				where trip_id = ? and member_id = ? and changed_at < ?""").params(stays, when, trip, person, when)
				.update();
	}

	/** A place as compared: folded to lower case in every script, without surrounding space, at most 200 long. */
	static String place(String name) {
		var folded = name.strip().toLowerCase(Locale.ROOT);
		return folded.codePointCount(0, folded.length()) <= MAX_PLACE ? folded
				: folded.substring(0, folded.offsetByCodePoints(0, MAX_PLACE));
	}
}
