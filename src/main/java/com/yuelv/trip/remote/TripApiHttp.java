package com.yuelv.trip.remote;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripWithdrawal;

/**
 * The trip module's {@link com.yuelv.trip.TripApi} over HTTP, between deployments of a split: served by the
 * deployment that runs the trip module, called through Spring's HTTP interface client by the others. Not part of the
 * public API: the edge does not route {@value #PATH}, and only peer deployments may call it.
 */
@HttpExchange(TripApiHttp.PATH)
public interface TripApiHttp {

	String PATH = "/internal/v1/trip-api";

	/** Problem type of {@link #find} when there is no visible trip: an empty answer, not a failure. */
	String NO_SUCH_TRIP = "no-such-trip";

	@PostExchange("/drafts")
	TripId draft(@RequestParam("organizer") UUID organizer, @RequestBody TripDraft draft);

	@PostExchange("/trips/{tripId}/publication")
	void publish(@PathVariable("tripId") UUID tripId, @RequestParam("organizer") UUID organizer);

	@GetExchange("/trips/{tripId}")
	TripDetails find(@PathVariable("tripId") UUID tripId);

	@GetExchange("/public-trips")
	List<TripDetails> publicTrips(@RequestParam(name = "after", required = false) @Nullable UUID after,
			@RequestParam("limit") int limit);

	@GetExchange("/public-trips/changes")
	List<TripDetails> publicTripsChanged(
			@RequestParam("since") Instant since,
			@RequestParam(name = "after", required = false) @Nullable UUID after, @RequestParam("limit") int limit);

	@GetExchange("/withdrawals")
	List<TripWithdrawal> withdrawnSince(
			@RequestParam("since") Instant since,
			@RequestParam(name = "after", required = false) @Nullable UUID after, @RequestParam("limit") int limit);
}
