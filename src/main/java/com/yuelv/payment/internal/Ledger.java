package com.yuelv.payment.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The ledger: transactions are added, never changed; balances are summed from their postings. */
@org.jmolecules.ddd.annotation.Repository
interface Ledger extends Repository<LedgerTransaction, UUID> {

	LedgerTransaction save(LedgerTransaction transaction);

	List<LedgerTransaction> findByPaymentIdOrderByBookedAt(UUID paymentId);

	/** An account's balance in a currency: the sum of its postings. */
	@Query(value = "select coalesce(sum(amount_minor), 0) from payment.postings where account = :account "
			+ "and currency = :currency", nativeQuery = true)
	long balance(String account, String currency);

	/** Every account's balance, by account and currency. */
	@Query(value = "select account, currency, sum(amount_minor) from payment.postings group by account, currency "
			+ "order by account, currency", nativeQuery = true)
	List<Object[]> balances();
}
