package com.yuelv.payment.internal;

/**
 * Where a payment is in its life. Results reach the module in any order (a webhook late, twice, or after the
 * reconciliation already asked), so a status only ever moves forward: an older one arriving later changes nothing.
 */
public enum PaymentStatus {
	/** Opened for the payer; nothing sent to the provider yet. */
	CREATED(0),
	/** Sent to the provider, whose result has not arrived. */
	PROCESSING(1),
	/** The provider waits for the payer (such as a bank's confirmation). */
	REQUIRES_ACTION(2),
	/** The money is reserved on the payer's side and can be captured. */
	AUTHORISED(3),
	/** The money was taken into escrow. */
	CAPTURED(4),
	/** Part of the money was given back. */
	PARTIALLY_REFUNDED(5),
	/** All of the money was given back. */
	REFUNDED(6),
	/** Declined or failed at the provider; nothing was charged. */
	FAILED(7),
	/** Not made before it was due; nothing was charged. */
	EXPIRED(7),
	/** Not wanted any more before it was captured: closed or voided; nothing was charged. */
	CANCELLED(7);

	private final int step;

	PaymentStatus(int step) {
		this.step = step;
	}

	/** Whether the payment can still be made or authorised. */
	boolean isOpen() {
		return step < AUTHORISED.step;
	}

	/** Whether money was taken and is (at least in part) held. */
	boolean isCaptured() {
		return this == CAPTURED || this == PARTIALLY_REFUNDED || this == REFUNDED;
	}

	/** Whether nothing was charged and nothing more will happen. */
	boolean isClosedUncharged() {
		return this == FAILED || this == EXPIRED || this == CANCELLED;
	}
}
