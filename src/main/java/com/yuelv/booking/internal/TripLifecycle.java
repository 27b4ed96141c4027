package com.yuelv.booking.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.trip.TripCancelled;

/**
 * Follows the trips booking cares about: a cancelled trip releases everyone, idempotently, so a resubmitted event
 * changes nothing twice. A published trip needs nothing: its roster is made by the first request to join it.
 */
@Component
class TripLifecycle {

	private final Companionship companionship;

	TripLifecycle(Companionship companionship) {
		this.companionship = companionship;
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		if (event.wasPublished()) {
			companionship.tripCancelled(event.trip());
		}
	}
}
