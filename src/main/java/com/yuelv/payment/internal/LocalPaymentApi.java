package com.yuelv.payment.internal;

import java.util.UUID;

import org.springframework.stereotype.Component;

import com.yuelv.payment.PaymentApi;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;

/** The payment module's API in the process that runs it. */
@Component
class LocalPaymentApi implements PaymentApi {

	private final Payments payments;

	LocalPaymentApi(Payments payments) {
		this.payments = payments;
	}

	@Override
	public void open(PaymentRequest request) {
		payments.open(request);
	}

	@Override
	public void capture(PaymentId id) {
		payments.capture(id);
	}

	@Override
	public void cancel(PaymentId id, String reason) {
		payments.cancel(id, reason);
	}

	@Override
	public void refund(PaymentId id, UUID refundKey, int percent, String reason) {
		payments.refund(id, refundKey, percent, reason);
	}
}
