package com.yuelv.payment.internal;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.yuelv.payment.PaymentId;

/**
 * Looks after what the provider has not told, on a schedule: a payment whose result did not arrive is asked about
 * (one whose submission was never answered is submitted again with the same key, which the provider answers with the
 * first intent); a capture or cancellation left unanswered is made again with its key; refunds still requested are
 * made; payments not made in time expire. Every step is safe to repeat, so replicas may run it at once.
 */
@Component
class Reconciliation {

	private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
	private static final Limit BATCH = Limit.of(200);

	private final PaymentIntents intents;
	private final Refunds refunds;
	private final Payments payments;
	private final PaymentProvider provider;
	private final PaymentSettings settings;
	private final Clock clock;

	Reconciliation(PaymentIntents intents, Refunds refunds, Payments payments, PaymentProvider provider,
			PaymentSettings settings, Clock clock) {
		this.intents = intents;
		this.refunds = refunds;
		this.payments = payments;
		this.provider = provider;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${yuelv.payment.reconcile-interval:30s}",
			fixedDelayString = "${yuelv.payment.reconcile-interval:30s}")
	void reconcile() {
		try {
			run();
		}
		catch (RuntimeException e) {
			LOG.warn("Reconciling payments stopped early: {}", e.toString());
		}
	}

	/** One round; returns how many payments it looked at. */
	int run() {
		var now = clock.instant();
		var before = now.minus(settings.reconcileAfter());
		var looked = 0;
		for (var id : intents.inStatusSince(List.of(PaymentStatus.PROCESSING, PaymentStatus.REQUIRES_ACTION), before,
				BATCH)) {
			looked++;
			var payment = intents.findById(id).orElseThrow();
			try {
				if (payment.providerId() == null) {
					payments.submit(payment.paymentId());
				}
				else {
					payments.record(payment.paymentId(), provider.find(payment.providerId()));
				}
			}
			catch (RuntimeException e) {
				LOG.info("Could not learn the result of payment {}: {}", id, e.toString());
			}
		}
		for (var id : intents.pendingSince(PaymentIntent.PendingCall.NONE, before, BATCH)) {
			looked++;
			each(id, () -> payments.callPending(new PaymentId(id)));
		}
		for (var refund : refunds.findByStatus(Refund.Status.REQUESTED)) {
			if (refund.requestedAt().isBefore(before)) {
				looked++;
				each(refund.paymentId(), () -> payments.makeRefunds(new PaymentId(refund.paymentId())));
			}
		}
		for (var id : intents.overdue(PaymentStatus.CREATED, now, BATCH)) {
			looked++;
			each(id, () -> payments.expire(new PaymentId(id)));
		}
		return looked;
	}

	/** One payment's step; a failure is the next round's to retry and does not stop this one. */
	private static void each(java.util.UUID payment, Runnable step) {
		try {
			step.run();
		}
		catch (RuntimeException e) {
			LOG.warn("Reconciling payment {} failed this round: {}", payment, e.toString());
		}
	}
}
