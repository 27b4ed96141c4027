package com.yuelv.payment.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Payment's part of an erasure: nothing is deleted, since payments, refunds, payouts and the ledger are kept as the
 * law requires; they are pseudonymised. The person's id, as payer or payee and in the names of their ledger accounts,
 * becomes their pseudonym (balances stay what they were: every posting moves with its account), and a payment's
 * description, which names the trip its payee organized, becomes a neutral one when the payee is erased. The card
 * details never were here; the provider holds them.
 */
@Component
class PaymentDataErasure implements PersonalDataErasure {

	static final String NEUTRAL_DESCRIPTION = "A seat on a trip";

	private final JdbcClient jdbc;
	private final ErasedPeople erased;

	PaymentDataErasure(JdbcClient jdbc, ErasedPeople erased) {
		this.jdbc = jdbc;
		this.erased = erased;
	}

	@Override
	public String module() {
		return "payment";
	}

	@Override
	@Transactional
	public void erase(UserId person) {
		var pseudonym = erased.pseudonymOf(person);
		var id = person.value();
		jdbc.sql("update payment.intents set payer_id = ?, version = version + 1 where payer_id = ?")
			.params(pseudonym.value(), id).update();
		jdbc.sql("update payment.intents set payee_id = ?, description = ?, version = version + 1 where payee_id = ?")
			.params(pseudonym.value(), NEUTRAL_DESCRIPTION, id).update();
		jdbc.sql("update payment.payouts set payee_id = ?, version = version + 1 where payee_id = ?")
			.params(pseudonym.value(), id).update();
		for (var account : new String[][] { { Accounts.payer(person), Accounts.payer(pseudonym) },
				{ Accounts.payable(person), Accounts.payable(pseudonym) },
				{ Accounts.paidOut(person), Accounts.paidOut(pseudonym) } }) {
			jdbc.sql("update payment.postings set account = ? where account = ?").params(account[1], account[0])
				.update();
		}
	}
}
