package com.yuelv.search.internal;

import com.yuelv.trip.TripDetails;

/**
 * The search module's read model of trips. Writes are idempotent and ordered by trip version: a snapshot older than
 * the indexed one changes nothing, so redelivered, reordered and rebuilt trips all converge on the newest.
 */
interface TripIndex {

	/**
	 * Indexes the trip as of this snapshot, listed when published and unlisted when cancelled, and makes the change
	 * durable before returning.
	 *
	 * @return whether the index changed
	 */
	boolean apply(TripDetails trip);

	/** Indexes a batch of trips as {@link #apply} does each, durable once it returns. */
	void applyAll(java.util.List<TripDetails> trips);

	/**
	 * Removes the trip for good, and expunges its earlier versions from the index's files too, durable once it
	 * returns.
	 *
	 * @return whether the index held it
	 */
	boolean withdraw(com.yuelv.trip.TripId trip);

	/** Whether the index was found missing or unreadable at start and must be rebuilt from the trip module. */
	boolean needsRebuild();

	/**
	 * Records that a rebuild finished: until then, a restart rebuilds again.
	 *
	 * @param upTo the moment the rebuild started: every public change before it is in the index
	 */
	void rebuilt(java.time.Instant upTo);

	/** The moment before which every public trip change is known to be in the index, if any. */
	java.util.Optional<java.time.Instant> syncedUntil();

	/** Records that every public trip change before the moment is in the index. */
	void synced(java.time.Instant upTo);

	/** Runs a search. */
	TripHits search(TripSearch search);
}
