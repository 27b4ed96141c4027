package com.yuelv.payment.internal;

import com.yuelv.shared.UserId;

/**
 * The accounts of the ledger, and which of them may never go below zero. A payer's account is the world outside:
 * paying takes from it (its balance is minus what the payer has paid in, net of refunds) and it never goes above zero;
 * escrow, what is payable to an organizer, the platform's fees and what was paid out never go below it.
 */
final class Accounts {

	static final String FEES = "fees";

	private Accounts() {}

	static String payer(UserId payer) {
		return "payer:" + payer.value();
	}

	static String escrow(String escrow) {
		return "escrow:" + escrow;
	}

	static String payable(UserId payee) {
		return "payable:" + payee.value();
	}

	static String paidOut(UserId payee) {
		return "paid-out:" + payee.value();
	}

	/** Whether a balance is one the ledger allows for the account. */
	static boolean allows(String account, long balance) {
		return account.startsWith("payer:") ? balance <= 0 : balance >= 0;
	}
}
