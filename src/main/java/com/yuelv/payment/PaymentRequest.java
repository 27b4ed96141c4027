package com.yuelv.payment;

import java.time.Instant;
import java.time.LocalDate;

import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

/**
 * What a payment is for.
 *
 * @param id the payment's id, chosen by the caller: asking again with it changes nothing
 * @param reference the caller's name for what is paid (a join request), told back in every {@link PaymentEvent}
 * @param payer who pays
 * @param payee who is paid, once the money is released
 * @param amount how much, in the payee's currency; more than zero
 * @param escrow where the money is held until it is released (a trip), named by the caller
 * @param releaseOn the day from which the money is paid out to the payee, less the platform's fee
 * @param payBy after this the payment can no longer be made; a payment still open then expires
 * @param description what the payer is shown
 */
public record PaymentRequest(PaymentId id, String reference, UserId payer, UserId payee, Money amount, String escrow,
		LocalDate releaseOn, Instant payBy, String description) {

	public PaymentRequest {
		if (amount.amount().signum() <= 0) {
			throw new IllegalArgumentException("A payment is for more than nothing");
		}
	}
}
