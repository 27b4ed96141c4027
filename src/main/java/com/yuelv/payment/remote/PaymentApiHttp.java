package com.yuelv.payment.remote;

import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.yuelv.payment.PaymentRequest;

/**
 * The payment module's {@link com.yuelv.payment.PaymentApi} over HTTP, between deployments of a split: served by the
 * deployment that runs payment, called by the others. Every call is a write the payment module does once however
 * often it comes, and the platform's client sends each with an idempotency key and repeats it with that key when the
 * answer is lost. Not part of the public API: the edge does not route {@value #PATH}.
 */
@HttpExchange(PaymentApiHttp.PATH)
public interface PaymentApiHttp {

	String PATH = "/internal/v1/payment-api";

	/** What {@code cancel} and {@code refund} say about why. */
	record Reason(String reason) {}

	/** What {@code refund} asks. */
	record RefundOrder(UUID refundKey, int percent, String reason) {}

	@PostExchange("/payments")
	void open(@RequestBody PaymentRequest request);

	@PostExchange("/payments/{id}/capture")
	void capture(@PathVariable("id") UUID id);

	@PostExchange("/payments/{id}/cancellation")
	void cancel(@PathVariable("id") UUID id, @RequestBody Reason reason);

	@PostExchange("/payments/{id}/refunds")
	void refund(@PathVariable("id") UUID id, @RequestBody RefundOrder order);
}
