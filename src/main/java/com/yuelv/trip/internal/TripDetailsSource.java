package com.yuelv.trip.internal;

import java.util.Optional;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.trip.TripId;

/**
 * Trip details by id, through the two-level cache: the hottest read of the platform during a surge. {@link TripPlanning}
 * evicts a trip's entry whenever it changes; the eviction happens after the change commits, on every replica.
 */
@Component
class TripDetailsSource {

	static final String CACHE = "trip-details";

	private final Trips trips;

	TripDetailsSource(Trips trips) {
		this.trips = trips;
	}

	@Cacheable(cacheNames = CACHE, key = "#tripId.toString()", sync = true)
	@Transactional(readOnly = true)
	public Optional<com.yuelv.trip.TripDetails> load(TripId tripId) {
		return trips.findById(tripId.value()).map(Trip::details);
	}
}
