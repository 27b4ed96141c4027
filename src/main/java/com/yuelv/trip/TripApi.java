package com.yuelv.trip;

import java.util.Optional;

import com.yuelv.shared.UserId;

/**
 * What other modules may ask of the trip module. Callers depend on this interface only, never on how it is served.
 */
public interface TripApi {

	/**
	 * Drafts a trip for an organizer.
	 *
	 * @throws com.yuelv.shared.Rejection naming the first field of the draft that breaks a rule
	 */
	TripId draft(UserId organizer, TripDraft draft);

	/**
	 * Publishes an organizer's draft.
	 *
	 * @throws com.yuelv.shared.Rejection when the trip is not the organizer's or not a draft
	 */
	void publish(UserId organizer, TripId tripId);

	/** A published or cancelled trip; drafts are not visible outside their organizer's requests. */
	Optional<TripSummary> find(TripId tripId);
}
