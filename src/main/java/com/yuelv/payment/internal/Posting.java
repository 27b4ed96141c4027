package com.yuelv.payment.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One line of a ledger transaction: an amount in a currency's minor unit, added to an account's balance (negative
 * amounts take from it).
 */
@Embeddable
public record Posting(@Column(nullable = false) String account, @Column(nullable = false) String currency,
		@Column(name = "amount_minor", nullable = false) long amount) {

	public Posting {
		if (account == null || account.isBlank() || currency == null || currency.length() != 3) {
			throw new IllegalArgumentException("A posting names an account and a three-letter currency");
		}
		if (amount == 0) {
			throw new IllegalArgumentException("A posting moves money: its amount is not zero");
		}
	}
}
