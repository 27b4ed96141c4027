package com.yuelv.payment.internal;

import java.time.Instant;
import java.util.Currency;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;

import com.yuelv.shared.UserId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The payee's share of one payment, sent out to them once its escrow was released. Decided (and the amount fixed) in
 * the transaction that releases the escrow, one per payment, with its id as the provider call's idempotency key;
 * booked in the ledger when the provider answers.
 */
@AggregateRoot
@Entity
@Table(name = "payouts", schema = "payment")
public class Payout {

	enum Status {
		REQUESTED, PAID
	}

	@Id
	@Identity
	private UUID id;

	@Column(name = "payment_id", nullable = false, unique = true)
	private UUID paymentId;

	@Column(name = "payee_id", nullable = false)
	private UUID payeeId;

	@Column(nullable = false)
	private String currency;

	@Column(name = "amount_minor", nullable = false)
	private long amount;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Status status = Status.REQUESTED;

	@Column(name = "provider_id")
	private @Nullable String providerId;

	@Column(name = "requested_at", nullable = false)
	private Instant requestedAt;

	@Column(name = "paid_at")
	private @Nullable Instant paidAt;

	@Version
	private @Nullable Long version;

	protected Payout() {}

	Payout(UUID paymentId, UserId payee, Currency currency, long amount, Instant now) {
		if (amount <= 0) {
			throw new IllegalArgumentException("A payout sends more than nothing");
		}
		this.id = UUID.randomUUID();
		this.paymentId = paymentId;
		this.payeeId = payee.value();
		this.currency = currency.getCurrencyCode();
		this.amount = amount;
		this.requestedAt = now;
	}

	void paid(String provider, Instant now) {
		status = Status.PAID;
		providerId = provider;
		paidAt = now;
	}

	public UUID id() {
		return id;
	}

	public UserId payee() {
		return new UserId(payeeId);
	}

	public Currency currency() {
		return Currency.getInstance(currency);
	}

	public long amount() {
		return amount;
	}

	public Status status() {
		return status;
	}
}
