package com.yuelv.booking.internal;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.payment.PaymentEvent;

/**
 * Moves the booking sagas ({@link SeatPurchase}) on what happens to their payments and deadlines: each step locks the
 * trip's {@link Roster} first, as every change to its seats does, then moves the saga and the seat together in one
 * transaction, whose payment steps the outbox records with it.
 */
@Service
class BookingSaga {

	private static final Logger LOG = LoggerFactory.getLogger(BookingSaga.class);

	private final SeatPurchases purchases;
	private final Rosters rosters;
	private final Clock clock;
	private final TransactionTemplate transactions;

	BookingSaga(SeatPurchases purchases, Rosters rosters, Clock clock, PlatformTransactionManager transactionManager) {
		this.purchases = purchases;
		this.rosters = rosters;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@ApplicationModuleListener
	void on(PaymentEvent.PaymentAuthorised event) {
		move(event, (purchase, roster) -> {
			if (purchase.paymentAuthorised(clock.instant())) {
				roster.confirm(purchase.requestId(), clock.instant());
			}
		});
	}

	@ApplicationModuleListener
	void on(PaymentEvent.PaymentFailed event) {
		move(event, (purchase, roster) -> {
			if (purchase.paymentFailed(clock.instant())) {
				roster.lapse(purchase.requestId(), "The payment failed (" + event.reason() + ").", clock.instant());
			}
		});
	}

	@ApplicationModuleListener
	void on(PaymentEvent.PaymentRefunded event) {
		move(event, (purchase, roster) -> purchase.refunded(event.amount(), clock.instant()));
	}

	/** Frees the seats whose hold ran out; the deadline is stored, so a restart misses none. */
	@Scheduled(initialDelayString = "${yuelv.booking.hold-check-interval:10s}",
			fixedDelayString = "${yuelv.booking.hold-check-interval:10s}")
	void expireHolds() {
		try {
			for (var requestId : purchases.expired(SeatPurchase.State.AWAITING_PAYMENT, clock.instant(),
					Limit.of(500))) {
				try {
					transactions.executeWithoutResult(status -> expire(requestId));
				}
				catch (RuntimeException e) {
					LOG.info("The hold of request {} was not freed this round: {}", requestId, e.toString());
				}
			}
		}
		catch (RuntimeException e) {
			LOG.warn("Expiring seat holds stopped early: {}", e.toString());
		}
	}

	private void expire(UUID requestId) {
		var roster = rosters.lock(purchases.tripOfRequest(requestId).orElseThrow()).orElseThrow();
		var purchase = purchases.findById(requestId).orElseThrow();
		if (purchase.holdExpired(clock.instant())) {
			roster.lapse(purchase.requestId(), "The seat was not paid for by " + purchase.payBy() + ".",
					clock.instant());
			rosters.save(roster);
		}
		purchases.save(purchase);
	}

	private void move(PaymentEvent event, Step step) {
		var trip = purchases.tripOfPayment(event.paymentId().value());
		if (trip.isEmpty()) {
			LOG.debug("Payment {} is no booking's", event.paymentId());
			return;
		}
		// the roster's lock first, as every change to its seats and sagas takes it; the saga read under it
		var roster = rosters.lock(trip.get()).orElseThrow();
		var purchase = purchases.findByPaymentId(event.paymentId().value()).orElseThrow();
		step.apply(purchase, roster);
		rosters.save(roster);
		purchases.save(purchase);
	}

	@FunctionalInterface
	private interface Step {
		void apply(SeatPurchase purchase, Roster roster);
	}

}
