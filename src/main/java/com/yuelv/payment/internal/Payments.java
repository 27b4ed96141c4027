package com.yuelv.payment.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.payment.PaymentEvent;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.shared.Money;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * What happens to payments. Each step decides and records in one short transaction (under the payment's row lock),
 * calls the provider outside any transaction, and records the answer in another: a process killed between the two
 * leaves the decision recorded (a payment processing, a call pending, a refund requested), which the
 * {@link Reconciliation} takes up again with the same idempotency key, so money moves once.
 */
@Service
public class Payments {

	private static final Logger LOG = LoggerFactory.getLogger(Payments.class);

	private final PaymentIntents intents;
	private final Refunds refunds;
	private final Ledger ledger;
	private final PaymentProvider provider;
	private final Clock clock;
	private final TransactionTemplate transactions;

	Payments(PaymentIntents intents, Refunds refunds, Ledger ledger, PaymentProvider provider, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.intents = intents;
		this.refunds = refunds;
		this.ledger = ledger;
		this.provider = provider;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/** A payment and its refunds, as its payer and payee see them. */
	public record PaymentView(PaymentIntent payment, List<Refund> refunds) {}

	void open(PaymentRequest request) {
		try {
			transactions.executeWithoutResult(status -> {
				if (!intents.existsById(request.id().value())) {
					intents.save(new PaymentIntent(request, clock.instant()));
				}
			});
		}
		catch (DataIntegrityViolationException concurrently) {
			LOG.debug("Payment {} was opened concurrently", request.id());
		}
	}

	public PaymentView find(UserId viewer, PaymentId id) {
		return Optional.ofNullable(transactions.execute(status -> intents.findById(id.value())
				.filter(payment -> payment.mayView(viewer))
				.map(payment -> new PaymentView(payment, refunds.findByPaymentIdOrderByRequestedAt(payment.id())))
				.orElse(null))).orElseThrow(() -> notFound(id));
	}

	/**
	 * The payer pays: the payment goes to the provider, whose result comes later (by webhook, or by the
	 * reconciliation). A provider that does not answer in time leaves the payment processing; the reconciliation asks
	 * again with the same key.
	 */
	public PaymentView pay(UserId payer, PaymentId id, String paymentMethod) {
		var method = paymentMethod == null ? "" : paymentMethod.strip();
		if (method.isEmpty() || method.length() > 100 || !method.matches("[A-Za-z0-9_\\-]+")) {
			throw Rejection.invalid("paymentMethod", "payment-method", "must be the provider's token of a payment "
					+ "method: 1 to 100 letters, digits, '_' or '-'");
		}
		var send = changed(id, payment -> {
			if (!payment.mayView(payer)) {
				throw notFound(id);
			}
			return payment.submit(payer, method, clock.instant());
		});
		if (Boolean.TRUE.equals(send)) {
			submit(id);
		}
		return find(payer, id);
	}

	/** Sends a processing payment to the provider, or asks again for it with the first call's key. */
	void submit(PaymentId id) {
		var payment = intents.findById(id.value()).orElseThrow();
		String method = payment.paymentMethod();
		if (method == null) {
			return;
		}
		try {
			var answer = provider.create(payment.id().toString(), payment.amountMinor(), payment.currency(),
					payment.reference(), method);
			record(id, answer);
		}
		catch (PaymentProvider.Unavailable e) {
			LOG.info("Payment {} sent; the provider's answer did not arrive ({}); the reconciliation asks again", id,
					e.getMessage());
		}
		catch (PaymentProvider.Refused e) {
			LOG.warn("The provider refused payment {}: {}", id, e.getMessage());
			changed(id, it -> {
				it.providerSays("refused:" + id, ProviderStatus.FAILED, 0, "refused", clock.instant());
				return null;
			});
		}
	}

	/** What the provider said about a payment, from an answer, a webhook or the reconciliation. */
	void record(PaymentId id, PaymentProvider.Intent said) {
		var captured = changed(id, payment -> {
			var was = payment.status().isCaptured();
			payment.providerSays(said.id(), said.status(), said.amountCaptured(), said.failureCode(),
					clock.instant());
			if (was || !payment.status().isCaptured()) {
				return false;
			}
			// booked in the transaction that records the capture: once, whichever answer brought it
			ledger.save(LedgerTransaction.capture(payment.id(), payment.payer(), payment.escrow(),
					payment.currency(), payment.capturedMinor(), clock.instant()));
			return true;
		});
		if (Boolean.TRUE.equals(captured)) {
			// refunds asked for while the capture was on its way
			makeRefunds(id);
		}
	}

	void capture(PaymentId id) {
		if (Boolean.TRUE.equals(changed(id, payment -> payment.requestCapture(clock.instant())))) {
			callPending(id);
		}
	}

	/** Not wanted any more: closed or voided; money taken is refunded whole, once. */
	void cancel(PaymentId id, String reason) {
		var captured = changed(id, payment -> {
			payment.requestCancel(clock.instant());
			return payment.status().isCaptured() || payment.pendingCall() == PaymentIntent.PendingCall.CAPTURE;
		});
		if (Boolean.TRUE.equals(captured)) {
			refund(id, UUID.nameUUIDFromBytes(("cancel:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
					100, reason);
			return;
		}
		callPending(id);
	}

	void refund(PaymentId id, UUID refundKey, int percent, String reason) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("A refund is between 0 and 100 percent, not " + percent);
		}
		try {
			transactions.executeWithoutResult(status -> {
				intents.findById(id.value()).orElseThrow(() -> notFound(id));
				if (refunds.findByPaymentIdAndRefundKey(id.value(), refundKey).isEmpty()) {
					refunds.save(new Refund(id.value(), refundKey, percent, reason, clock.instant()));
				}
			});
		}
		catch (DataIntegrityViolationException concurrently) {
			LOG.debug("Refund {} of payment {} was asked for concurrently", refundKey, id);
		}
		makeRefunds(id);
	}

	/** Makes the provider call a payment's decision left pending: a capture or a cancellation. */
	void callPending(PaymentId id) {
		var payment = intents.findById(id.value()).orElseThrow();
		var providerId = payment.providerId();
		if (payment.pendingCall() == PaymentIntent.PendingCall.NONE) {
			return;
		}
		try {
			if (providerId == null) {
				// the payment's submission was never answered: learn its id by asking again with the same key
				submit(id);
				payment = intents.findById(id.value()).orElseThrow();
				providerId = payment.providerId();
				if (providerId == null || payment.pendingCall() == PaymentIntent.PendingCall.NONE) {
					return;
				}
			}
			var answer = payment.pendingCall() == PaymentIntent.PendingCall.CAPTURE
					? provider.capture(providerId, payment.id() + ":capture")
					: provider.cancel(providerId, payment.id() + ":cancel");
			record(id, answer);
		}
		catch (PaymentProvider.Unavailable e) {
			LOG.info("The provider did not answer the {} of payment {} ({}); the reconciliation makes it again",
					payment.pendingCall(), id, e.getMessage());
		}
		catch (PaymentProvider.Refused e) {
			// the provider knows better: learn where the payment stands there
			LOG.info("The provider refused the {} of payment {}: {}", payment.pendingCall(), id, e.getMessage());
			record(id, provider.find(providerId));
		}
	}

	/** Makes the requested refunds of a payment whose money was captured, or refuses those that cannot be made. */
	void makeRefunds(PaymentId id) {
		for (var requested : refunds.findByPaymentIdAndStatusOrderByRequestedAt(id.value(), Refund.Status.REQUESTED)) {
			var payment = intents.findById(id.value()).orElseThrow();
			if (!payment.status().isCaptured() && !payment.status().isClosedUncharged()) {
				// not captured yet: waits for the capture (or the cancellation) to end
				continue;
			}
			var amount = transactions.execute(status -> {
				var refund = refunds.findById(requested.id()).orElseThrow();
				if (refund.status() != Refund.Status.REQUESTED) {
					return null;
				}
				var locked = intents.lock(id.value()).orElseThrow();
				var back = refund.amountOf(locked);
				if (back == 0) {
					refund.refused(clock.instant());
					refunds.save(refund);
					announceRefund(locked, refund, 0);
				}
				else {
					refunds.save(refund);
				}
				return back;
			});
			if (amount == null || amount == 0) {
				continue;
			}
			try {
				var providerRefund = provider.refund(payment.providerId(), requested.id().toString(), amount);
				transactions.executeWithoutResult(status -> {
					var refund = refunds.findById(requested.id()).orElseThrow();
					if (refund.status() != Refund.Status.REQUESTED) {
						return;
					}
					var locked = intents.lock(id.value()).orElseThrow();
					locked.refunded(amount, clock.instant());
					refund.succeeded(providerRefund, clock.instant());
					ledger.save(LedgerTransaction.refund(locked.id(), locked.payer(), locked.escrow(),
							locked.currency(), amount, clock.instant()));
					announceRefund(locked, refund, amount);
					refunds.save(refund);
				});
			}
			catch (PaymentProvider.Unavailable e) {
				// the next refund waits for this one's outcome, so that two never claim the same money
				LOG.info("The provider did not answer refund {} of payment {} ({}); the reconciliation makes it again",
						requested.id(), id, e.getMessage());
				return;
			}
			catch (PaymentProvider.Refused e) {
				LOG.warn("The provider refused refund {} of payment {}: {}; it stays requested", requested.id(), id,
						e.getMessage());
				return;
			}
		}
	}

	private void announceRefund(PaymentIntent payment, Refund refund, long amount) {
		payment.announce(new PaymentEvent.PaymentRefunded(UUID.randomUUID(), clock.instant(), payment.paymentId(),
				payment.reference(), refund.refundKey(), Money.ofMinor(amount, payment.currency()),
				payment.refunded()));
		intents.save(payment);
	}

	/** Closes a payment not made in time. */
	void expire(PaymentId id) {
		changed(id, payment -> payment.expire(clock.instant()));
	}

	private <T> @Nullable T changed(PaymentId id, Function<PaymentIntent, T> change) {
		return transactions.execute(status -> {
			var payment = intents.lock(id.value()).orElseThrow(() -> notFound(id));
			var result = change.apply(payment);
			intents.save(payment);
			return result;
		});
	}

	static Rejection notFound(PaymentId id) {
		return Rejection.notFound("payment-not-found", "No payment " + id);
	}
}
