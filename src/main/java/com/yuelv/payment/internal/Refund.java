package com.yuelv.payment.internal;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A refund asked for, once per payment and refund key, and what became of it. Its id is the idempotency key of the
 * provider call, so the call made again after a crash or a timeout gives back the money once.
 */
@AggregateRoot
@Entity
@Table(name = "refunds", schema = "payment")
public class Refund {

	enum Status {
		/** Decided, not yet answered by the provider. */
		REQUESTED,
		/** The money went back. */
		SUCCEEDED,
		/** Nothing could be given back (nothing was captured, or it was released to the payee already). */
		REFUSED
	}

	@Id
	@Identity
	private UUID id;

	@Column(name = "payment_id", nullable = false)
	private UUID paymentId;

	@Column(name = "refund_key", nullable = false)
	private UUID refundKey;

	@Column(nullable = false)
	private int percent;

	@Column(nullable = false)
	private String reason;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Status status = Status.REQUESTED;

	/** Set when the refund is made: the share of what was captured then. */
	@Column(name = "amount_minor")
	private @Nullable Long amount;

	@Column(name = "provider_id")
	private @Nullable String providerId;

	@Column(name = "requested_at", nullable = false)
	private Instant requestedAt;

	@Column(name = "decided_at")
	private @Nullable Instant decidedAt;

	@Version
	private @Nullable Long version;

	protected Refund() {}

	Refund(UUID paymentId, UUID refundKey, int percent, String reason, Instant now) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("A refund is between 0 and 100 percent, not " + percent);
		}
		this.id = UUID.randomUUID();
		this.paymentId = paymentId;
		this.refundKey = refundKey;
		this.percent = percent;
		this.reason = reason;
		this.requestedAt = now;
	}

	/** The amount this refund gives back of a payment: its share of the capture, at most what is left. */
	long amountOf(PaymentIntent payment) {
		if (amount == null) {
			amount = Math.min(Shares.percent(payment.capturedMinor(), percent), payment.refundable());
		}
		return amount;
	}

	void succeeded(@Nullable String provider, Instant now) {
		status = Status.SUCCEEDED;
		providerId = provider;
		decidedAt = now;
	}

	void refused(Instant now) {
		status = Status.REFUSED;
		amount = 0L;
		decidedAt = now;
	}

	public UUID id() {
		return id;
	}

	public UUID paymentId() {
		return paymentId;
	}

	public UUID refundKey() {
		return refundKey;
	}

	public int percent() {
		return percent;
	}

	public String reason() {
		return reason;
	}

	Status status() {
		return status;
	}

	/** Where the refund is: REQUESTED, SUCCEEDED or REFUSED. */
	public String state() {
		return status.name();
	}

	public @Nullable Long amount() {
		return amount;
	}

	public Instant requestedAt() {
		return requestedAt;
	}
}
