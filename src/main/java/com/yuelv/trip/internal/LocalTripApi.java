package com.yuelv.trip.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripSummary;

/**
 * Serves {@link TripApi} in the same process as its caller.
 */
@Component
class LocalTripApi implements TripApi {

	private final TripPlanning planning;
	private final TripCatalog catalog;

	LocalTripApi(TripPlanning planning, TripCatalog catalog) {
		this.planning = planning;
		this.catalog = catalog;
	}

	@Override
	public TripId draft(UserId organizer, TripDraft draft) {
		return planning.draft(organizer, draft).tripId();
	}

	@Override
	public void publish(UserId organizer, TripId tripId) {
		planning.publish(organizer, tripId);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<TripSummary> find(TripId tripId) {
		return catalog.findVisible(tripId, null).map(trip -> new TripSummary(trip.tripId(), trip.organizer(),
				trip.status().name(), trip.title(), trip.startDate(), trip.endDate(), trip.seats(), trip.version()));
	}
}
