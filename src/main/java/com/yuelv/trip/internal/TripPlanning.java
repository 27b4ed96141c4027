package com.yuelv.trip.internal;

import java.time.Clock;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.Days;
import com.yuelv.shared.ExpectedVersions;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;

/**
 * What organizers do with their trips: draft, revise, publish, cancel. Each is one transaction that also records the
 * trip's events in the publication registry, and drops the trip from the detail cache on every replica once it
 * committed.
 */
@Service
public class TripPlanning {

	private final Trips trips;
	private final Clock clock;

	TripPlanning(Trips trips, Clock clock) {
		this.trips = trips;
		this.clock = clock;
	}

	@Transactional
	public Trip draft(UserId organizer, TripDraft draft) {
		return trips.save(Trip.draft(organizer, TripPlan.of(draft, earliestStart()), clock.instant()));
	}

	@Transactional
	@CacheEvict(cacheNames = TripDetailsSource.CACHE, key = "#tripId.toString()")
	public Trip revise(UserId organizer, TripId tripId, ExpectedVersions precondition, long expectedVersion,
			TripDraft draft) {
		var trip = organizedTrip(organizer, tripId);
		precondition.check(trip.version(), "The trip");
		if (trip.version() != expectedVersion) {
			throw Rejection.conflict("stale-version", "The trip is at version %d, not %d; read it again and retry."
					.formatted(trip.version(), expectedVersion));
		}
		trip.revise(TripPlan.of(draft, earliestStart()), clock.instant());
		return trips.save(trip);
	}

	@Transactional
	@CacheEvict(cacheNames = TripDetailsSource.CACHE, key = "#tripId.toString()")
	public Trip publish(UserId organizer, TripId tripId, ExpectedVersions precondition) {
		var trip = organizedTrip(organizer, tripId);
		precondition.check(trip.version(), "The trip");
		trip.publish(earliestStart(), clock.instant());
		return trips.save(trip);
	}

	@Transactional
	@CacheEvict(cacheNames = TripDetailsSource.CACHE, key = "#tripId.toString()")
	public Trip cancel(UserId organizer, TripId tripId, ExpectedVersions precondition, @Nullable String reason) {
		var trip = organizedTrip(organizer, tripId);
		precondition.check(trip.version(), "The trip");
		trip.cancel(PlainText.checkOptional("reason", reason, 500, true), clock.instant());
		return trips.save(trip);
	}

	/**
	 * The trip if the caller organizes it. Someone else's unpublished trip is not found (its existence is nobody
	 * else's business); someone else's published trip is forbidden.
	 */
	private Trip organizedTrip(UserId organizer, TripId tripId) {
		var trip = trips.findById(tripId.value())
				.filter(it -> it.isVisibleTo(organizer))
				.orElseThrow(() -> Rejection.notFound("trip-not-found", "No trip " + tripId));
		if (!trip.isOrganizedBy(organizer)) {
			throw Rejection.forbidden("not-organizer", "Only the trip's organizer may change it.");
		}
		return trip;
	}

	private LocalDate earliestStart() {
		return Days.lastToday(clock);
	}
}
