package com.yuelv.trip.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

import com.yuelv.DirectDependencies;
import com.yuelv.shared.Rejection;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripId;

/**
 * When the trip deployment cannot be reached, a trip looked up by its id is the one last seen, as a degraded answer; a
 * trip not seen, or known to be gone, has none, and the lists have none.
 */
class RemoteTripApiTests {

	private final TripApiHttp http = mock(TripApiHttp.class);
	private final DirectDependencies dependencies = new DirectDependencies();
	private final RemoteTripApi trips = new RemoteTripApi(http, dependencies);

	@Test
	void aTripSeenLatelyIsTheDegradedAnswerWhileTheTripDeploymentCannotBeReached() {
		var id = new TripId(UUID.randomUUID());
		var trip = mock(TripDetails.class);
		when(http.find(id.value())).thenReturn(trip).thenThrow(new ResourceAccessException("connection refused"));

		assertThat(trips.find(id)).containsSame(trip);
		assertThat(dependencies.degraded()).isEmpty();
		assertThat(trips.find(id)).containsSame(trip);
		assertThat(dependencies.degraded()).containsExactly(RemoteTripApi.DEPENDENCY);
	}

	@Test
	void aTripNotSeenOrKnownToBeGoneHasNoDegradedAnswer() {
		var unseen = new TripId(UUID.randomUUID());
		when(http.find(unseen.value())).thenThrow(new ResourceAccessException("connection refused"));
		assertThatThrownBy(() -> trips.find(unseen)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE));

		var gone = new TripId(UUID.randomUUID());
		when(http.find(gone.value())).thenReturn(mock(TripDetails.class))
				.thenThrow(Rejection.notFound(TripApiHttp.NO_SUCH_TRIP, "no such trip"))
				.thenThrow(new ResourceAccessException("connection refused"));
		assertThat(trips.find(gone)).isPresent();
		assertThat(trips.find(gone)).isEmpty();
		assertThatThrownBy(() -> trips.find(gone)).isInstanceOf(Rejection.class);

		when(http.publicTrips(null, 20)).thenThrow(new ResourceAccessException("connection refused"));
		assertThatThrownBy(() -> trips.publicTrips(null, 20)).isInstanceOf(Rejection.class);
		assertThat(dependencies.degraded()).isEmpty();
	}
}
