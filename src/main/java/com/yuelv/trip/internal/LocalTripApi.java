package com.yuelv.trip.internal;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.yuelv.shared.ExpectedVersions;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripWithdrawal;

/**
 * Serves {@link TripApi} in the same process as its caller.
 */
@Component
class LocalTripApi implements TripApi {

	private final TripPlanning planning;
	private final TripCatalog catalog;
	private final Withdrawals withdrawals;

	LocalTripApi(TripPlanning planning, TripCatalog catalog, Withdrawals withdrawals) {
		this.planning = planning;
		this.catalog = catalog;
		this.withdrawals = withdrawals;
	}

	@Override
	public TripId draft(UserId organizer, TripDraft draft) {
		return planning.draft(organizer, draft).tripId();
	}

	@Override
	public void publish(UserId organizer, TripId tripId) {
		planning.publish(organizer, tripId, ExpectedVersions.ANY);
	}

	@Override
	public Optional<TripDetails> find(TripId tripId) {
		return catalog.findVisible(tripId, null);
	}

	@Override
	public List<TripDetails> publicTrips(@Nullable TripId after, int limit) {
		if (limit < 1 || limit > MAX_BATCH) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_BATCH);
		}
		return catalog.everPublished(after, limit);
	}

	@Override
	public List<TripDetails> publicTripsChanged(java.time.Instant since, @Nullable TripId after, int limit) {
		if (limit < 1 || limit > MAX_BATCH) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_BATCH);
		}
		return catalog.publicChangedSince(since, after, limit);
	}

	@Override
	public List<TripWithdrawal> withdrawnSince(java.time.Instant since, @Nullable TripId after, int limit) {
		if (limit < 1 || limit > MAX_BATCH) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_BATCH);
		}
		return withdrawals.since(since, after, limit);
	}
}
