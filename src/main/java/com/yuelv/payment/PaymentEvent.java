package com.yuelv.payment;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

import com.yuelv.shared.Money;

/** An outcome of a payment, named by the payment's id and the reference its caller gave it. */
public sealed interface PaymentEvent extends DomainEvent {

	/** Unique per event, the key by which listeners deduplicate. */
	UUID eventId();

	Instant occurredAt();

	PaymentId paymentId();

	String reference();

	/** The provider authorised the payment: the money is reserved and can be captured. */
	record PaymentAuthorised(UUID eventId, Instant occurredAt, PaymentId paymentId, String reference)
			implements PaymentEvent {}

	/** The payment was declined, failed or expired before it was made; nothing was charged. */
	record PaymentFailed(UUID eventId, Instant occurredAt, PaymentId paymentId, String reference, String reason)
			implements PaymentEvent {}

	/**
	 * A refund ended: {@code amount} went back to the payer ({@code refundedInAll} over the payment's life); zero when
	 * nothing could be given back (the money was already released to the payee).
	 */
	record PaymentRefunded(UUID eventId, Instant occurredAt, PaymentId paymentId, String reference, UUID refundKey,
			Money amount, Money refundedInAll) implements PaymentEvent {}

	/** A payment that was not needed any more was closed without charging the payer. */
	record PaymentCancelled(UUID eventId, Instant occurredAt, PaymentId paymentId, String reference)
			implements PaymentEvent {}
}
