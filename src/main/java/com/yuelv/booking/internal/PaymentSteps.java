package com.yuelv.booking.internal;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import com.yuelv.payment.PaymentApi;

/**
 * Makes the booking saga's payment steps after the transaction that decided them committed. The outbox keeps each
 * step until it succeeded and resubmits it otherwise, and payment's API does a repeated step once, so every step is
 * made exactly once in effect, across crashes and the payment deployment being away.
 */
@Component
class PaymentSteps {

	private final PaymentApi payments;

	PaymentSteps(PaymentApi payments) {
		this.payments = payments;
	}

	/** Outside any transaction of booking's: the payment module keeps its own, around its provider calls. */
	@Async
	@TransactionalEventListener
	void on(PaymentStep step) {
		switch (step) {
			case PaymentStep.Open open -> payments.open(open.request());
			case PaymentStep.Capture capture -> payments.capture(capture.paymentId());
			case PaymentStep.Cancel cancel -> payments.cancel(cancel.paymentId(), cancel.reason());
			case PaymentStep.Refund refund -> payments.refund(refund.paymentId(), refund.refundKey(),
					refund.percent(), refund.reason());
		}
	}
}
