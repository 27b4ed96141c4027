package com.yuelv.payment;

import java.util.UUID;

/**
 * What other modules ask of payment. Every call may be repeated with the same arguments and changes nothing the
 * second time, so that a caller driven by events (delivered at least once) or retrying a call that timed out never
 * charges or refunds twice.
 */
public interface PaymentApi {

	/** Opens a payment for the payer to make; a payment with the request's id already open is left as it is. */
	void open(PaymentRequest request);

	/** Takes the money of an authorised payment: it moves from the payer into escrow. */
	void capture(PaymentId id);

	/**
	 * The payment is no longer wanted: one not yet made is closed, an authorisation is voided (the payer is never
	 * charged), and money already taken is refunded whole.
	 */
	void cancel(PaymentId id, String reason);

	/**
	 * Gives back a share of the money taken, once per refund key: {@code percent} of the captured amount, rounded to
	 * the currency's minor unit half to even, and never more than is left.
	 */
	void refund(PaymentId id, UUID refundKey, int percent, String reason);
}
