package com.yuelv.geo.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import com.yuelv.shared.ErasedPeople;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripPublished;
import com.yuelv.trip.TripWithdrawn;

/**
 * Keeps the spatial read model in step with trips: published trips are listed, cancelled ones are not. A read model
 * that is empty while the trip module has public trips (trips published before this module existed, or a model that
 * was dropped) is filled from {@link TripApi} at start.
 */
@Component
class TripStopFeed {

	private static final Logger LOG = LoggerFactory.getLogger(TripStopFeed.class);

	private final TripStops stops;
	private final TripApi trips;

	private final ErasedPeople erased;

	TripStopFeed(TripStops stops, TripApi trips, ErasedPeople erased) {
		this.stops = stops;
		this.trips = trips;
		this.erased = erased;
	}

	// Not @ApplicationModuleListener: that would run both in one transaction, and a transaction that lost an insert
	// race is aborted on PostgreSQL. Each attempt gets a transaction of its own (TripStops.apply) instead.
	@Async
	@TransactionalEventListener
	void on(TripPublished event) {
		if (!erased.includesAnyOf(event.organizerId())) {
			apply(event.trip());
		}
	}

	@Async
	@TransactionalEventListener
	void on(TripCancelled event) {
		if (event.wasPublished() && !erased.includesAnyOf(event.organizerId())) {
			apply(event.trip());
		}
	}

	/** A trip gone with its organizer's account is no longer on the map, nor its stops. */
	@Async
	@TransactionalEventListener
	void on(TripWithdrawn event) {
		stops.withdraw(event.tripId());
	}

	/**
	 * Stores the snapshot. The publication and the cancellation of a trip may be handled at the same time and both
	 * insert its row; the loser's duplicate key is answered by a second attempt, which finds the row and applies the
	 * snapshot by version.
	 */
	void apply(TripDetails trip) {
		try {
			stops.apply(trip);
		}
		catch (DataIntegrityViolationException e) {
			stops.apply(trip);
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void fillIfEmpty() {
		if (stops.isEmpty()) {
			Thread.ofVirtual().name("geo-backfill").start(this::fill);
		}
	}

	void fill() {
		try {
			var count = trips.forEachPublicTrip(batch -> batch.forEach(trip -> {
				try {
					apply(trip);
				}
				catch (DataAccessException e) {
					// written by an event or another replica meanwhile, or failing on its own: the rest go on
					LOG.warn("Trip {} could not be added to nearby trips: {}", trip.tripId(), e.toString());
				}
			}));
			if (count > 0) {
				LOG.info("Nearby trips filled with {} public trips", count);
			}
		}
		catch (RuntimeException e) {
			LOG.warn("Filling the nearby trips stopped: {}", e.toString());
		}
	}
}
