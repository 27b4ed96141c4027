package com.yuelv.payment.internal;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.shared.Days;

/**
 * Releases escrow and pays payees out, on a schedule. From a payment's release date (its trip's start) what was kept
 * of it leaves the escrow: the payee's share to what is payable to them, the platform's fee (basis points of the
 * amount, rounded half to even) to the fees, and a payout of the payee's share is decided in the same transaction.
 * Then each payout still to make is made through the provider, with the payout's id as the idempotency key.
 */
@Component
class Settlements {

	private static final Logger LOG = LoggerFactory.getLogger(Settlements.class);

	private final PaymentIntents intents;
	private final Refunds refunds;
	private final Payouts payouts;
	private final Ledger ledger;
	private final PaymentProvider provider;
	private final PaymentSettings settings;
	private final Clock clock;
	private final TransactionTemplate transactions;

	Settlements(PaymentIntents intents, Refunds refunds, Payouts payouts, Ledger ledger, PaymentProvider provider,
			PaymentSettings settings, Clock clock, PlatformTransactionManager transactionManager) {
		this.intents = intents;
		this.refunds = refunds;
		this.payouts = payouts;
		this.ledger = ledger;
		this.provider = provider;
		this.settings = settings;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Scheduled(initialDelayString = "${yuelv.payment.settle-interval:1h}",
			fixedDelayString = "${yuelv.payment.settle-interval:1h}")
	void settleAndPayOut() {
		try {
			run();
		}
		catch (RuntimeException e) {
			LOG.warn("Settling payments stopped early: {}", e.toString());
		}
	}

	/** One round: releases what is due and pays out what is payable; returns the number of payouts made. */
	int run() {
		var today = Days.lastToday(clock);
		for (var id : intents.releasable(List.of(PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED,
				PaymentStatus.REFUNDED), today, Limit.of(500))) {
			transactions.executeWithoutResult(status -> {
				var payment = intents.lock(id).orElseThrow();
				if (refunds.existsByPaymentIdAndStatus(id, Refund.Status.REQUESTED)) {
					// a refund on its way: the money is released once it was given back or refused
					return;
				}
				payment.settle(today, clock.instant()).filter(amount -> amount > 0).ifPresent(amount -> {
					var fee = Shares.basisPoints(amount, settings.platformFee());
					ledger.save(LedgerTransaction.settlement(payment.id(), payment.payee(), payment.escrow(),
							payment.currency(), amount, fee, clock.instant()));
					if (amount - fee > 0) {
						payouts.save(new Payout(payment.id(), payment.payee(), payment.currency(), amount - fee,
								clock.instant()));
					}
				});
				intents.save(payment);
			});
		}
		var made = 0;
		for (var payout : payouts.findByStatus(Payout.Status.REQUESTED)) {
			made += pay(payout) ? 1 : 0;
		}
		return made;
	}

	private boolean pay(Payout payout) {
		try {
			var providerPayout = provider.payout(payout.id().toString(), "organizer:" + payout.payee().value(),
					payout.amount(), payout.currency());
			transactions.executeWithoutResult(status -> {
				var current = payouts.findById(payout.id()).orElseThrow();
				if (current.status() == Payout.Status.REQUESTED) {
					current.paid(providerPayout, clock.instant());
					payouts.save(current);
					ledger.save(LedgerTransaction.payout(current.payee(), current.currency(), current.amount(),
							clock.instant()));
				}
			});
			return true;
		}
		catch (PaymentProvider.Unavailable | PaymentProvider.Refused e) {
			LOG.info("Payout {} was not made yet: {}", payout.id(), e.getMessage());
			return false;
		}
	}
}
