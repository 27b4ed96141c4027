package com.yuelv.geo.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripPublished;

/** Keeps the spatial read model in step with trips: published trips are listed, cancelled ones are not. */
@Component
class TripStopFeed {

	private final TripStops stops;

	TripStopFeed(TripStops stops) {
		this.stops = stops;
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
}
