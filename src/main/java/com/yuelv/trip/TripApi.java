package com.yuelv.trip;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.UserId;

/**
 * What other modules may ask of the trip module. Callers depend on this interface only, never on how it is served.
 */
public interface TripApi {

	/** Most trips {@link #publicTrips} returns at once. */
	int MAX_BATCH = 500;

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
	Optional<TripDetails> find(TripId tripId);

	/**
	 * Every trip that was ever published, cancelled ones included, in the order of their ids: what a read model of
	 * another module rebuilds itself from.
	 *
	 * @param after the last trip of the previous batch, {@code null} for the first
	 * @param limit at most this many, 1 to {@link #MAX_BATCH}
	 */
	List<TripDetails> publicTrips(@Nullable TripId after, int limit);

	/**
	 * Hands every trip that was ever published to the consumer, in batches of at most {@link #MAX_BATCH}, through
	 * {@link #publicTrips}.
	 *
	 * @return how many trips there were
	 */
	default int forEachPublicTrip(java.util.function.Consumer<List<TripDetails>> batches) {
		var count = 0;
		@Nullable TripId after = null;
		while (true) {
			var batch = publicTrips(after, MAX_BATCH);
			if (batch.isEmpty()) {
				return count;
			}
			batches.accept(batch);
			count += batch.size();
			after = batch.getLast().tripId();
		}
	}

	/**
	 * Public trips whose last public change ({@link TripDetails#lastPublicChange()}) is after the given moment, in the
	 * order of that moment and then id: what a read model of another process catches up with.
	 *
	 * @param since changed after this moment, or at this moment with an id after {@code after}
	 * @param after the last trip of the previous batch, {@code null} for the first
	 * @param limit at most this many, 1 to {@link #MAX_BATCH}
	 */
	List<TripDetails> publicTripsChanged(java.time.Instant since, @Nullable TripId after, int limit);

	/**
	 * Trips withdrawn after the given moment, in the order of that moment and then id: what a read model of another
	 * process removes when it catches up.
	 *
	 * @param since withdrawn after this moment, or at this moment with an id after {@code after}
	 * @param after the last trip of the previous batch, {@code null} for the first
	 * @param limit at most this many, 1 to {@link #MAX_BATCH}
	 */
	List<TripWithdrawal> withdrawnSince(java.time.Instant since, @Nullable TripId after, int limit);
}
