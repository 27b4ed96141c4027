package com.yuelv.booking.internal;

import java.util.UUID;

import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;

/**
 * A call the booking saga makes to the payment module, decided in the transaction that moved the saga and made after
 * it committed. It travels as an event through the outbox, so a process that dies before the call was answered makes
 * it when its publications are resubmitted; every call is one payment's API accepts again without effect.
 */
sealed interface PaymentStep {

	PaymentId paymentId();

	/** Opens the payment the traveler makes for a held seat. */
	record Open(PaymentRequest request) implements PaymentStep {
		@Override
		public PaymentId paymentId() {
			return request.id();
		}
	}

	/** Takes the authorised money: the seat is the traveler's. */
	record Capture(PaymentId paymentId) implements PaymentStep {}

	/** The seat is not the traveler's after all: the payment is closed or voided, never charged. */
	record Cancel(PaymentId paymentId, String reason) implements PaymentStep {}

	/** The companion is gone: a share of what they paid goes back. */
	record Refund(PaymentId paymentId, UUID refundKey, int percent, String reason) implements PaymentStep {}
}
