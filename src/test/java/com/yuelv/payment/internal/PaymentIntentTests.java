package com.yuelv.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

import com.yuelv.payment.PaymentEvent;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.shared.Money;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * A payment's rules: made by its payer once and before it is due; results from the provider move it forward only,
 * whatever their order; a capture never overrides a cancellation; refunds stay within what was captured and stop once
 * the money was released.
 */
class PaymentIntentTests {

	private static final Instant NOW = Instant.parse("2027-05-01T08:00:00Z");
	private static final LocalDate START = LocalDate.of(2027, 6, 1);

	private final UserId payer = UserId.random();

	@Test
	void onlyThePayerPaysOnceAndNotAfterTheDeadline() {
		var payment = payment();
		assertThatThrownBy(() -> payment.submit(UserId.random(), "pm_card_ok", NOW))
				.isInstanceOfSatisfying(Rejection.class, e -> assertThat(e.problemType()).isEqualTo("not-payer"));
		assertThat(payment.submit(payer, "pm_card_ok", NOW)).isTrue();
		assertThat(payment.status()).isEqualTo(PaymentStatus.PROCESSING);
		// a second click before the provider answered asks again with the same key; after it, nothing
		assertThat(payment.submit(payer, "pm_card_ok", NOW)).isTrue();
		payment.providerSays("pi_1", ProviderStatus.PROCESSING, 0, null, NOW);
		assertThat(payment.submit(payer, "pm_card_ok", NOW)).isFalse();

		var late = payment();
		assertThatThrownBy(() -> late.submit(payer, "pm_card_ok", NOW.plusSeconds(1800)))
				.isInstanceOfSatisfying(Rejection.class, e -> assertThat(e.problemType()).isEqualTo("payment-closed"));
		assertThat(late.status()).isEqualTo(PaymentStatus.EXPIRED);
		assertThat(events(late)).singleElement().isInstanceOf(PaymentEvent.PaymentFailed.class);
	}

	@Test
	void resultsMoveThePaymentForwardOnlyWhateverTheirOrder() {
		var payment = payment();
		payment.submit(payer, "pm_card_ok", NOW);
		payment.providerSays("pi_1", ProviderStatus.AUTHORISED, 0, null, NOW);
		payment.providerSays("pi_1", ProviderStatus.PROCESSING, 0, null, NOW);
		payment.providerSays("pi_1", ProviderStatus.AUTHORISED, 0, null, NOW);
		assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORISED);
		assertThat(events(payment)).singleElement().isInstanceOf(PaymentEvent.PaymentAuthorised.class);

		assertThat(payment.requestCapture(NOW)).isTrue();
		payment.providerSays("pi_1", ProviderStatus.CAPTURED, 680_000, null, NOW);
		payment.providerSays("pi_1", ProviderStatus.AUTHORISED, 0, null, NOW);
		payment.providerSays("pi_1", ProviderStatus.FAILED, 0, "card_declined", NOW);
		assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
		assertThat(payment.capturedMinor()).isEqualTo(680_000);
		assertThat(payment.pendingCall()).isEqualTo(PaymentIntent.PendingCall.NONE);
	}

	@Test
	void aCancellationWinsOverACaptureAndAnUnwantedAuthorisationIsVoidedSilently() {
		var payment = payment();
		payment.submit(payer, "pm_card_ok", NOW);
		payment.providerSays("pi_1", ProviderStatus.PROCESSING, 0, null, NOW);
		assertThat(payment.requestCancel(NOW)).isTrue();
		// the authorisation arrives after the cancellation was decided: no word to the caller, no capture
		payment.providerSays("pi_1", ProviderStatus.AUTHORISED, 0, null, NOW);
		assertThat(events(payment)).isEmpty();
		assertThat(payment.requestCapture(NOW)).isFalse();
		payment.providerSays("pi_1", ProviderStatus.CANCELLED, 0, null, NOW);
		assertThat(payment.status()).isEqualTo(PaymentStatus.CANCELLED);
		assertThat(payment.pendingCall()).isEqualTo(PaymentIntent.PendingCall.NONE);

		var unsent = payment();
		assertThat(unsent.requestCancel(NOW)).isFalse();
		assertThat(unsent.status()).isEqualTo(PaymentStatus.CANCELLED);
	}

	@Test
	void refundsStayWithinTheCaptureAndStopOnceTheMoneyIsReleased() {
		var payment = payment();
		payment.submit(payer, "pm_card_ok", NOW);
		payment.providerSays("pi_1", ProviderStatus.CAPTURED, 680_000, null, NOW);
		var half = new Refund(payment.id(), UUID.randomUUID(), 50, "left", NOW);
		assertThat(half.amountOf(payment)).isEqualTo(340_000);
		payment.refunded(340_000, NOW);
		assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
		// the whole of it now is only what is left
		assertThat(new Refund(payment.id(), UUID.randomUUID(), 100, "cancelled", NOW).amountOf(payment))
				.isEqualTo(340_000);
		assertThatThrownBy(() -> payment.refunded(340_001, NOW)).isInstanceOf(IllegalStateException.class);

		assertThat(payment.settle(START.minusDays(1), NOW)).isEmpty();
		assertThat(payment.settle(START, NOW)).contains(340_000L);
		assertThat(payment.settle(START, NOW)).isEmpty();
		assertThat(payment.refundable()).isZero();
		assertThat(new Refund(payment.id(), UUID.randomUUID(), 100, "too late", NOW).amountOf(payment)).isZero();
	}

	private PaymentIntent payment() {
		return new PaymentIntent(new PaymentRequest(new PaymentId(UUID.randomUUID()), "request", payer,
				UserId.random(), Money.ofMinor(680_000, Currency.getInstance("CNY")), "trip:t", START,
				NOW.plusSeconds(1800), "A seat"), NOW);
	}

	private static List<?> events(PaymentIntent payment) {
		return List.copyOf((java.util.Collection<?>) ReflectionTestUtils.invokeMethod(payment, "domainEvents"));
	}
}
