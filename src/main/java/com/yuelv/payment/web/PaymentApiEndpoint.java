package com.yuelv.payment.web;

import java.util.UUID;

import org.springframework.web.bind.annotation.RestController;

import com.yuelv.payment.PaymentApi;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.payment.remote.PaymentApiHttp;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves {@link PaymentApi} to the other deployments of a split, over the contract {@link PaymentApiHttp}: what the
 * payment module does in process, it does here.
 */
@RestController
@Hidden
class PaymentApiEndpoint implements PaymentApiHttp {

	private final PaymentApi payments;

	PaymentApiEndpoint(PaymentApi payments) {
		this.payments = payments;
	}

	@Override
	public void open(PaymentRequest request) {
		payments.open(request);
	}

	@Override
	public void capture(UUID id) {
		payments.capture(new PaymentId(id));
	}

	@Override
	public void cancel(UUID id, Reason reason) {
		payments.cancel(new PaymentId(id), reason.reason());
	}

	@Override
	public void refund(UUID id, RefundOrder order) {
		payments.refund(new PaymentId(id), order.refundKey(), order.percent(), order.reason());
	}
}
