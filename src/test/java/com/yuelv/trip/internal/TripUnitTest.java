package com.yuelv.trip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripPublished;
import com.yuelv.trip.TripStatus;
import com.yuelv.trip.TripWithdrawn;

/** A trip's life: drafted, revised while a draft, published once, cancelled once; who may see it meanwhile. */
class TripUnitTest {

	private static final Instant NOW = Instant.parse("2027-04-01T08:00:00Z");
	private final UserId organizer = UserId.random();

	private Trip draft() {
		return Trip.draft(organizer, TripPlan.of(TripPlanUnitTest.kyoto(), TripPlanUnitTest.TODAY), NOW);
	}

	@Test
	void aDraftIsVisibleToItsOrganizerOnly() {
		var trip = draft();

		assertThat(trip.status()).isEqualTo(TripStatus.DRAFT);
		assertThat(trip.isVisibleTo(organizer)).isTrue();
		assertThat(trip.isVisibleTo(UserId.random())).isFalse();
		assertThat(trip.isVisibleTo(null)).isFalse();
	}

	@Test
	void publishingMakesItPublicAndFreezesThePlan() {
		var trip = draft();

		trip.publish(TripPlanUnitTest.TODAY, NOW);

		assertThat(trip.status()).isEqualTo(TripStatus.PUBLISHED);
		assertThat(trip.isVisibleTo(null)).isTrue();
		assertThatThrownBy(() -> trip.revise(TripPlan.of(TripPlanUnitTest.kyoto(), TripPlanUnitTest.TODAY), NOW))
				.isInstanceOfSatisfying(Rejection.class,
						rejection -> assertThat(rejection.problemType()).isEqualTo("trip-not-draft"));
		assertThatThrownBy(() -> trip.publish(TripPlanUnitTest.TODAY, NOW)).isInstanceOf(Rejection.class);
	}

	@Test
	void aDraftWhoseStartHasPassedIsNotPublished() {
		var trip = draft();

		assertThatThrownBy(() -> trip.publish(TripPlanUnitTest.TODAY.plusDays(31), NOW))
				.isInstanceOfSatisfying(Rejection.class,
						rejection -> assertThat(rejection.problemType()).isEqualTo("trip-in-past"));
		assertThat(trip.status()).isEqualTo(TripStatus.DRAFT);
	}

	@Test
	void aCancellationIsFinalAndADraftCancelledStaysPrivate() {
		var trip = draft();

		trip.cancel("雨季", NOW);

		assertThat(trip.status()).isEqualTo(TripStatus.CANCELLED);
		assertThat(trip.isVisibleTo(null)).as("never published").isFalse();
		assertThatThrownBy(() -> trip.cancel(null, NOW)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.problemType()).isEqualTo("trip-cancelled"));
	}

	@Test
	void aPublishedTripStaysReadableOnceCancelled() {
		var trip = draft();
		trip.publish(TripPlanUnitTest.TODAY, NOW);

		trip.cancel(null, NOW);

		assertThat(trip.isVisibleTo(UserId.random())).isTrue();
	}

	@Test
	void aTripOpenToCompanionsIsCancelledBeforeItIsWithdrawnWithItsOrganizersAccount() {
		var trip = draft();
		trip.publish(TripPlanUnitTest.TODAY, NOW);

		trip.withdraw("The organizer closed their account.", NOW);

		assertThat(trip.status()).isEqualTo(TripStatus.CANCELLED);
		assertThat(events(trip)).extracting(Object::getClass).containsExactly(TripPublished.class,
				TripCancelled.class, TripWithdrawn.class);
		assertThat(((TripCancelled) events(trip).get(1)).wasPublished()).isTrue();
		assertThat(((TripWithdrawn) events(trip).get(2)).tripId()).isEqualTo(trip.tripId());
	}

	@Test
	void aDraftOrACancelledTripIsWithdrawnWithoutAnotherCancellation() {
		var neverShown = draft();
		var cancelled = draft();
		cancelled.publish(TripPlanUnitTest.TODAY, NOW);
		cancelled.cancel("雨季", NOW);

		neverShown.withdraw("The organizer closed their account.", NOW);
		cancelled.withdraw("The organizer closed their account.", NOW);

		assertThat(events(neverShown)).as("no one else saw it: nothing to withdraw").isEmpty();
		assertThat(neverShown.status()).isEqualTo(TripStatus.DRAFT);
		assertThat(events(cancelled)).extracting(Object::getClass).containsExactly(TripPublished.class,
				TripCancelled.class, TripWithdrawn.class);
		assertThat(cancelled.cancellationReason()).isEqualTo("雨季");
	}

	private static java.util.List<Object> events(Trip trip) {
		java.util.Collection<Object> events = org.springframework.test.util.ReflectionTestUtils.invokeMethod(trip,
				"domainEvents");
		return java.util.List.copyOf(java.util.Objects.requireNonNull(events));
	}
}
