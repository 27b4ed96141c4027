package com.yuelv.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.booking.internal.Companionship;
import com.yuelv.booking.internal.JoinRequestStatus;
import com.yuelv.booking.internal.SeatPurchase;
import com.yuelv.payment.PaymentApi;
import com.yuelv.payment.PaymentEvent;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripFixtures;

/**
 * The booking module on its own: the trip and payment modules are mocks (the trip knows one published trip with a
 * price), and their events arrive as those modules would publish them.
 */
@ModuleWithPlatformTest
class BookingModuleTests {

	@MockitoBean TripApi trips;
	@MockitoBean Blocks blocks;
	@MockitoBean PaymentApi payments;
	@Autowired Companionship companionship;

	@Test
	void anAcceptedSeatIsHeldAndTakenWhenItsPaymentIsAuthorised(Scenario scenario) {
		var organizer = UserId.random();
		var trip = TripFixtures.published(organizer, "zh", "稻城亚丁", 2);
		given(trips.find(trip.tripId())).willReturn(Optional.of(trip));
		var traveler = UserId.random();
		var request = companionship.request(traveler, trip.tripId(), null);
		assertThat(companionship.accept(organizer, request.requestId()).status()).isEqualTo(JoinRequestStatus.HELD);
		var purchase = companionship.purchase(request).orElseThrow();
		// the saga's first step reaches payment from the outbox once the acceptance committed
		verify(payments, timeout(5000)).open(argThat(asked -> asked.id().equals(purchase.paymentId())
				&& asked.amount().minorUnits() == 300_000 && asked.payer().equals(traveler)));

		scenario.publish(new PaymentEvent.PaymentAuthorised(UUID.randomUUID(), Instant.now(), purchase.paymentId(),
				request.requestId().value().toString()))
				.andWaitForEventOfType(BookingEvent.JoinAccepted.class)
				.matching(accepted -> accepted.requestId().equals(request.requestId()))
				.toArriveAndVerify(accepted -> {
					assertThat(companionship.find(traveler, request.requestId()).status())
							.isEqualTo(JoinRequestStatus.ACCEPTED);
					assertThat(companionship.purchase(request).orElseThrow().state())
							.isEqualTo(SeatPurchase.State.CONFIRMED);
					verify(payments, timeout(5000)).capture(purchase.paymentId());
				});
	}

	@Test
	void aCancelledTripReleasesItsCompanionsAndAnnouncesEachRelease(Scenario scenario) {
		var organizer = UserId.random();
		var trip = TripFixtures.published(organizer, "zh", "洱海骑行", 2);
		given(trips.find(trip.tripId())).willReturn(Optional.of(trip));
		var companion = UserId.random();
		var waiting = UserId.random();
		var accepted = companionship.request(companion, trip.tripId(), "一起去");
		companionship.accept(organizer, accepted.requestId());
		var pending = companionship.request(waiting, trip.tripId(), null);

		scenario.publish(new TripCancelled(UUID.randomUUID(), Instant.now(), TripFixtures.cancelled(trip), true))
				.andWaitForEventOfType(BookingEvent.CompanionReleased.class)
				.matching(released -> released.travelerId().equals(companion))
				.toArriveAndVerify(released -> {
					assertThat(companionship.find(companion, accepted.requestId()).status())
							.isEqualTo(JoinRequestStatus.RELEASED);
					assertThat(companionship.find(waiting, pending.requestId()).status())
							.isEqualTo(JoinRequestStatus.RELEASED);
					assertThat(companionship.roster(organizer, trip.tripId()).seats().taken()).isZero();
				});
	}
}
