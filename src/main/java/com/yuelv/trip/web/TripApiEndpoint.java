package com.yuelv.trip.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripWithdrawal;
import com.yuelv.trip.remote.TripApiHttp;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves {@link TripApi} to the other deployments of a split, over the contract {@link TripApiHttp}: what the trip
 * module answers in process, it answers here, rejections included (as problems the caller turns back into them).
 */
@RestController
@Hidden
class TripApiEndpoint implements TripApiHttp {

	private final TripApi trips;

	TripApiEndpoint(TripApi trips) {
		this.trips = trips;
	}

	@Override
	public TripId draft(UUID organizer, TripDraft draft) {
		return trips.draft(new UserId(organizer), draft);
	}

	@Override
	public void publish(UUID tripId, UUID organizer) {
		trips.publish(new UserId(organizer), new TripId(tripId));
	}

	@Override
	public TripDetails find(UUID tripId) {
		return trips.find(new TripId(tripId)).orElseThrow(() -> Rejection.notFound(NO_SUCH_TRIP,
				"There is no published trip " + tripId + "."));
	}

	@Override
	public List<TripDetails> publicTrips(@Nullable UUID after, int limit) {
		checkLimit(limit);
		return trips.publicTrips(after == null ? null : new TripId(after), limit);
	}

	@Override
	public List<TripDetails> publicTripsChanged(Instant since, @Nullable UUID after, int limit) {
		checkLimit(limit);
		return trips.publicTripsChanged(since, after == null ? null : new TripId(after), limit);
	}

	@Override
	public List<TripWithdrawal> withdrawnSince(Instant since, @Nullable UUID after, int limit) {
		checkLimit(limit);
		return trips.withdrawnSince(since, after == null ? null : new TripId(after), limit);
	}

	private static void checkLimit(int limit) {
		if (limit < 1 || limit > TripApi.MAX_BATCH) {
			throw Rejection.invalid("limit", "range", "must be between 1 and " + TripApi.MAX_BATCH);
		}
	}
}
