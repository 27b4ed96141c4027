package com.yuelv.trip.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.Dependencies;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripWithdrawal;

/**
 * The trip module's API in a deployment that does not run it: each call goes to the deployment that does, guarded as
 * the dependency {@value #DEPENDENCY} (time limit, bulkhead, circuit breaker). When the trip deployment cannot be
 * reached, a trip looked up by its id is answered as it was last seen here within {@link #LAST_KNOWN_FOR}, a degraded
 * answer the platform marks as such; anything else (a trip not seen lately, the lists, the changes) is a 503 problem.
 * The platform's client retries a call that could not reach the peer, a write with the idempotency key of its first
 * attempt.
 */
public class RemoteTripApi implements TripApi {

	/** Name of the guarded dependency, also the key of its settings under {@code yuelv.resilience.dependencies}. */
	public static final String DEPENDENCY = "trip";

	/** How long a trip as last seen may stand in for the trip deployment's answer. */
	static final Duration LAST_KNOWN_FOR = Duration.ofMinutes(10);

	private final TripApiHttp http;
	private final Dependencies dependencies;
	private final Dependencies.Lookups<TripId, TripDetails> trips;

	public RemoteTripApi(TripApiHttp http, Dependencies dependencies) {
		this.http = http;
		this.dependencies = dependencies;
		this.trips = dependencies.lastKnownAnswers(DEPENDENCY, LAST_KNOWN_FOR, 10_000);
	}

	@Override
	public TripId draft(UserId organizer, TripDraft draft) {
		return guarded(() -> http.draft(organizer.value(), draft));
	}

	@Override
	public void publish(UserId organizer, TripId tripId) {
		guarded(() -> {
			http.publish(tripId.value(), organizer.value());
			return Boolean.TRUE;
		});
	}

	@Override
	public Optional<TripDetails> find(TripId tripId) {
		return trips.find(tripId, () -> {
			try {
				return Optional.of(http.find(tripId.value()));
			}
			catch (Rejection rejection) {
				if (rejection.kind() == Rejection.Kind.NOT_FOUND && TripApiHttp.NO_SUCH_TRIP.equals(
						rejection.problemType())) {
					return Optional.empty();
				}
				throw rejection;
			}
		});
	}

	@Override
	public List<TripDetails> publicTrips(@Nullable TripId after, int limit) {
		return guarded(() -> http.publicTrips(after == null ? null : after.value(), limit));
	}

	@Override
	public List<TripDetails> publicTripsChanged(Instant since, @Nullable TripId after, int limit) {
		return guarded(() -> http.publicTripsChanged(since, after == null ? null : after.value(), limit));
	}

	@Override
	public List<TripWithdrawal> withdrawnSince(Instant since, @Nullable TripId after, int limit) {
		return guarded(() -> http.withdrawnSince(since, after == null ? null : after.value(), limit));
	}

	private <T> T guarded(Supplier<T> call) {
		return dependencies.call(DEPENDENCY, call, Optional::empty);
	}
}
