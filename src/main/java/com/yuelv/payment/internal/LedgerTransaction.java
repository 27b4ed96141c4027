package com.yuelv.payment.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;

import com.yuelv.shared.UserId;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One movement of money in the double-entry ledger: postings to two or more accounts that sum to zero in every
 * currency. Transactions are only ever added; a mistake is undone by another transaction. Balances are the sums of
 * postings and are never stored on their own.
 */
@AggregateRoot
@Entity
@Table(name = "ledger_transactions", schema = "payment")
public class LedgerTransaction {

	/** Why money moved. */
	public enum Kind {
		/** The payer's money taken into escrow. */
		CAPTURE,
		/** Money given back to the payer from escrow. */
		REFUND,
		/** Escrow released when the trip starts: to the payee, less the platform's fee. */
		SETTLEMENT,
		/** What is payable to a payee sent out to them. */
		PAYOUT
	}

	@Id
	@Identity
	private UUID id;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Kind kind;

	@Column(name = "payment_id")
	private @Nullable UUID paymentId;

	@Column(name = "booked_at", nullable = false)
	private Instant bookedAt;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "postings", schema = "payment", joinColumns = @JoinColumn(name = "transaction_id"))
	@OrderColumn(name = "ordinal")
	private List<Posting> postings = new ArrayList<>();

	@Version
	private @Nullable Long version;

	protected LedgerTransaction() {}

	LedgerTransaction(Kind kind, @Nullable UUID paymentId, Instant bookedAt, List<Posting> postings) {
		if (postings.size() < 2) {
			throw new IllegalArgumentException("A transaction posts to at least two accounts");
		}
		var sums = new HashMap<String, Long>();
		postings.forEach(posting -> sums.merge(posting.currency(), posting.amount(), Math::addExact));
		sums.forEach((currency, sum) -> {
			if (sum != 0) {
				throw new IllegalArgumentException("The postings of a " + kind + " sum to " + sum + " " + currency
						+ ", not zero");
			}
		});
		this.id = UUID.randomUUID();
		this.kind = kind;
		this.paymentId = paymentId;
		this.bookedAt = bookedAt;
		this.postings = new ArrayList<>(postings);
	}

	/** The payer's money taken into the escrow. */
	static LedgerTransaction capture(UUID paymentId, UserId payer, String escrow, Currency currency, long amount,
			Instant now) {
		return new LedgerTransaction(Kind.CAPTURE, paymentId, now, List.of(
				new Posting(Accounts.payer(payer), currency.getCurrencyCode(), -amount),
				new Posting(Accounts.escrow(escrow), currency.getCurrencyCode(), amount)));
	}

	/** Money given back from the escrow to the payer. */
	static LedgerTransaction refund(UUID paymentId, UserId payer, String escrow, Currency currency, long amount,
			Instant now) {
		return new LedgerTransaction(Kind.REFUND, paymentId, now, List.of(
				new Posting(Accounts.escrow(escrow), currency.getCurrencyCode(), -amount),
				new Posting(Accounts.payer(payer), currency.getCurrencyCode(), amount)));
	}

	/** A payment's money released from the escrow: the payee's, less the platform's fee. */
	static LedgerTransaction settlement(UUID paymentId, UserId payee, String escrow, Currency currency, long amount,
			long fee, Instant now) {
		var postings = new ArrayList<Posting>();
		postings.add(new Posting(Accounts.escrow(escrow), currency.getCurrencyCode(), -amount));
		if (amount - fee != 0) {
			postings.add(new Posting(Accounts.payable(payee), currency.getCurrencyCode(), amount - fee));
		}
		if (fee != 0) {
			postings.add(new Posting(Accounts.FEES, currency.getCurrencyCode(), fee));
		}
		return new LedgerTransaction(Kind.SETTLEMENT, paymentId, now, postings);
	}

	/** What is payable to a payee sent out to them. */
	static LedgerTransaction payout(UserId payee, Currency currency, long amount, Instant now) {
		return new LedgerTransaction(Kind.PAYOUT, null, now, List.of(
				new Posting(Accounts.payable(payee), currency.getCurrencyCode(), -amount),
				new Posting(Accounts.paidOut(payee), currency.getCurrencyCode(), amount)));
	}

	public UUID id() {
		return id;
	}

	public Kind kind() {
		return kind;
	}

	public @Nullable UUID paymentId() {
		return paymentId;
	}

	public Instant bookedAt() {
		return bookedAt;
	}

	public List<Posting> postings() {
		return List.copyOf(postings);
	}
}
