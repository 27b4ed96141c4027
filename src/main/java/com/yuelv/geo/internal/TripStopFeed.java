package com.yuelv.geo.internal;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripPublished;

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

	TripStopFeed(TripStops stops, TripApi trips) {
		this.stops = stops;
		this.trips = trips;
	}

	@ApplicationModuleListener
	void on(TripPublished event) {
		stops.apply(event.trip());
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		if (event.wasPublished()) {
			stops.apply(event.trip());
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void fillIfEmpty() {
		if (stops.isEmpty()) {
			Thread.ofVirtual().name("geo-backfill").start(this::fill);
		}
	}

	void fill() {
		var count = 0;
		@Nullable TripId after = null;
		try {
			while (true) {
				var batch = trips.publicTrips(after, TripApi.MAX_BATCH);
				if (batch.isEmpty()) {
					break;
				}
				for (var trip : batch) {
					stops.apply(trip);
				}
				count += batch.size();
				after = batch.getLast().tripId();
			}
			if (count > 0) {
				LOG.info("Nearby trips filled with {} public trips", count);
			}
		}
		catch (DataAccessException e) {
			// another replica fills it at the same time; what it wrote is the same
			LOG.warn("Filling the nearby trips stopped: {}", e.toString());
		}
	}
}
