package com.yuelv.booking.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripPublished;

/**
 * Follows the trips booking cares about: a published trip gets its roster, a cancelled one releases everyone. Both
 * are idempotent, so a resubmitted event changes nothing twice.
 */
@Component
class TripLifecycle {

	private final Companionship companionship;

	TripLifecycle(Companionship companionship) {
		this.companionship = companionship;
	}

	@ApplicationModuleListener
	void on(TripPublished event) {
		companionship.tripPublished(event.trip());
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		if (event.wasPublished()) {
			companionship.tripCancelled(event.trip());
		}
	}
}
