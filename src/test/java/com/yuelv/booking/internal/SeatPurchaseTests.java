package com.yuelv.booking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

import com.yuelv.booking.internal.SeatPurchase.State;
import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

/**
 * The booking saga's state machine: every transition of the table in {@link SeatPurchase}, the payment steps it asks
 * for, and that an event in any other state changes nothing.
 */
class SeatPurchaseTests {

	private static final LocalDate TODAY = LocalDate.of(2027, 5, 1);
	private static final Instant NOW = Instant.parse("2027-05-01T08:00:00Z");
	private static final Instant PAY_BY = NOW.plusSeconds(1800);

	private final UserId organizer = UserId.random();
	private final UserId traveler = UserId.random();

	@Test
	void acceptanceAsksForThePaymentOfTheSeatsPriceByTheDeadline() {
		var purchase = started();
		assertThat(purchase.state()).isEqualTo(State.AWAITING_PAYMENT);
		assertThat(steps(purchase)).singleElement().isInstanceOfSatisfying(PaymentStep.Open.class, open -> {
			assertThat(open.request().amount()).isEqualTo(Money.ofMinor(680_000, java.util.Currency.getInstance(
					"CNY")));
			assertThat(open.request().payer()).isEqualTo(traveler);
			assertThat(open.request().payee()).isEqualTo(organizer);
			assertThat(open.request().payBy()).isEqualTo(PAY_BY);
			assertThat(open.request().releaseOn()).isEqualTo(TODAY.plusDays(30));
			assertThat(open.request().id()).isEqualTo(purchase.paymentId());
		});
	}

	@Test
	void anAuthorisedPaymentConfirmsTheSeatAndCapturesOnce() {
		var purchase = started();
		assertThat(purchase.paymentAuthorised(NOW.plusSeconds(60))).isTrue();
		assertThat(purchase.state()).isEqualTo(State.CONFIRMED);
		assertThat(steps(purchase)).last().isInstanceOf(PaymentStep.Capture.class);
		// delivered again: nothing more
		assertThat(purchase.paymentAuthorised(NOW.plusSeconds(61))).isFalse();
		assertThat(steps(purchase)).hasSize(2);
	}

	@Test
	void aFailedPaymentOrAnExpiredHoldFreesTheSeatAndALatePaymentIsVoided() {
		var failed = started();
		assertThat(failed.paymentFailed(NOW.plusSeconds(5))).isTrue();
		assertThat(failed.state()).isEqualTo(State.LAPSED);

		var expired = started();
		assertThat(expired.holdExpired(PAY_BY.minusSeconds(1))).isFalse();
		assertThat(expired.holdExpired(PAY_BY)).isTrue();
		assertThat(expired.state()).isEqualTo(State.LAPSED);
		assertThat(steps(expired)).last().isInstanceOf(PaymentStep.Cancel.class);
		// the payment arrives after all: the seat is gone, the authorisation is voided
		assertThat(expired.paymentAuthorised(PAY_BY.plusSeconds(2))).isFalse();
		assertThat(expired.state()).isEqualTo(State.LAPSED);
		assertThat(steps(expired)).last().isInstanceOf(PaymentStep.Cancel.class);
		assertThat(expired.paymentFailed(PAY_BY.plusSeconds(3))).isFalse();
	}

	@Test
	void givenUpBeforePaymentTheHoldIsReleasedAndThePaymentCancelled() {
		var purchase = started();
		purchase.released("The traveler withdrew the request.", NOW.plusSeconds(5));
		assertThat(purchase.state()).isEqualTo(State.RELEASED);
		assertThat(steps(purchase)).last().isInstanceOf(PaymentStep.Cancel.class);
		purchase.companionDropped("The trip was cancelled.", NOW.plusSeconds(6));
		assertThat(purchase.state()).isEqualTo(State.RELEASED);
		assertThat(steps(purchase)).hasSize(2);
	}

	@Test
	void aCompanionWhoLeavesIsRefundedByTheStatedPolicy() {
		var start = TODAY.plusDays(30);
		assertThat(SeatPurchase.refundPercentForLeaving(start.minusDays(14), start)).isEqualTo(100);
		assertThat(SeatPurchase.refundPercentForLeaving(start.minusDays(13), start)).isEqualTo(50);
		assertThat(SeatPurchase.refundPercentForLeaving(start.minusDays(7), start)).isEqualTo(50);
		assertThat(SeatPurchase.refundPercentForLeaving(start.minusDays(6), start)).isZero();
		assertThat(SeatPurchase.refundPercentForLeaving(start.plusDays(1), start)).isZero();

		var early = confirmed();
		early.companionLeft(start.minusDays(20), NOW);
		assertThat(early.state()).isEqualTo(State.REFUNDING);
		assertThat(steps(early)).last().isInstanceOfSatisfying(PaymentStep.Refund.class,
				refund -> assertThat(refund.percent()).isEqualTo(100));
		early.refunded(Money.ofMinor(680_000, java.util.Currency.getInstance("CNY")), NOW.plusSeconds(9));
		assertThat(early.state()).isEqualTo(State.REFUNDED);

		var late = confirmed();
		late.companionLeft(start.minusDays(3), NOW);
		assertThat(late.state()).isEqualTo(State.CLOSED);
		assertThat(late.refundPercent()).isZero();
		assertThat(steps(late)).last().isInstanceOf(PaymentStep.Capture.class);
	}

	@Test
	void aCompanionRemovedOrWhoseTripIsCancelledIsRefundedWhole() {
		var purchase = confirmed();
		purchase.companionDropped("The trip was cancelled.", NOW.plusSeconds(5));
		assertThat(purchase.state()).isEqualTo(State.REFUNDING);
		assertThat(steps(purchase)).last().isInstanceOfSatisfying(PaymentStep.Refund.class,
				refund -> assertThat(refund.percent()).isEqualTo(100));
		// the refund's key is the saga's own: asked again, the payment module refunds once
		var first = ((PaymentStep.Refund) steps(purchase).getLast()).refundKey();
		var again = confirmed();
		ReflectionTestUtils.setField(again, "requestId", ReflectionTestUtils.getField(purchase, "requestId"));
		again.companionDropped("again", NOW.plusSeconds(6));
		assertThat(((PaymentStep.Refund) steps(again).getLast()).refundKey()).isEqualTo(first);
	}

	private SeatPurchase confirmed() {
		var purchase = started();
		purchase.paymentAuthorised(NOW.plusSeconds(60));
		return purchase;
	}

	private SeatPurchase started() {
		var roster = new Roster();
		ReflectionTestUtils.setField(roster, "tripId", UUID.randomUUID());
		ReflectionTestUtils.setField(roster, "organizerId", organizer.value());
		ReflectionTestUtils.setField(roster, "tripTitle", new LocalizedText(Map.of("zh", "稻城亚丁")));
		ReflectionTestUtils.setField(roster, "startDate", TODAY.plusDays(30));
		ReflectionTestUtils.setField(roster, "endDate", TODAY.plusDays(35));
		ReflectionTestUtils.setField(roster, "capacity", 4);
		ReflectionTestUtils.setField(roster, "priceMinor", 680_000L);
		ReflectionTestUtils.setField(roster, "currency", "CNY");
		var request = roster.request(traveler, List.of(), null, TODAY, NOW);
		return SeatPurchase.start(roster, request, PAY_BY, NOW);
	}

	private static List<PaymentStep> steps(SeatPurchase purchase) {
		return RosterUnitTest.events(purchase).stream().map(PaymentStep.class::cast).toList();
	}
}
