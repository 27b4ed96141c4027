package com.yuelv.trip.remote;

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

/**
 * The trip module's API in a deployment that does not run it: each call goes to the deployment that does, guarded as
 * the dependency {@value #DEPENDENCY} (time limit, bulkhead, circuit breaker). There is no degraded answer for trips:
 * when the trip deployment cannot be reached the caller gets a 503 problem, and the platform's client retries reads,
 * never writes.
 */
public class RemoteTripApi implements TripApi {

	/** Name of the guarded dependency, also the key of its settings under {@code yuelv.resilience.dependencies}. */
	public static final String DEPENDENCY = "trip";

	private final TripApiHttp http;
	private final Dependencies dependencies;

	public RemoteTripApi(TripApiHttp http, Dependencies dependencies) {
		this.http = http;
		this.dependencies = dependencies;
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
		return guarded(() -> {
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

	private <T> T guarded(Supplier<T> call) {
		return dependencies.call(DEPENDENCY, call, Optional::empty);
	}
}
