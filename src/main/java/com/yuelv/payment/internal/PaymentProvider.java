package com.yuelv.payment.internal;

import java.util.Currency;

import org.jspecify.annotations.Nullable;

/**
 * The payment provider, behind a port: calls that move money carry an idempotency key, which the provider uses to do
 * a repeated call once and answer it as the first. Results of a payment arrive asynchronously too, by webhooks.
 */
interface PaymentProvider {

	/** A payment as the provider knows it. */
	record Intent(String id, ProviderStatus status, long amountCaptured, @Nullable String failureCode) {}

	/** Asks the provider to charge the payment method; repeated with the same key, it answers the same intent. */
	Intent create(String idempotencyKey, long amount, Currency currency, String reference, String paymentMethod);

	Intent find(String providerId);

	Intent capture(String providerId, String idempotencyKey);

	Intent cancel(String providerId, String idempotencyKey);

	/** @return the provider's id of the refund */
	String refund(String providerId, String idempotencyKey, long amount);

	/** @return the provider's id of the payout */
	String payout(String idempotencyKey, String destination, long amount, Currency currency);

	/** The provider could not be reached or did not answer in time: the call may or may not have happened. */
	final class Unavailable extends RuntimeException {
		Unavailable(String message, @Nullable Throwable cause) {
			super(message, cause);
		}
	}

	/** The provider refused the call (a 4xx): making it again as it is will not help. */
	final class Refused extends RuntimeException {
		Refused(String message) {
			super(message);
		}
	}
}
