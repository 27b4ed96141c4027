package com.yuelv.payment.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

import com.yuelv.payment.PaymentEvent;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.shared.Money;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One payment a payer makes, from opening to its last refund, and the rules of its life: it is made once, before it
 * is due; only what was authorised is captured; only what was captured is refunded, never more than was captured, and
 * nothing after the money was released to the payee. Provider results move it forward only (see
 * {@link PaymentStatus}). A call the provider must still answer (a capture, a cancellation) is remembered as pending,
 * so that the reconciliation makes it again, under the same idempotency key, should the process die before the answer.
 */
@AggregateRoot
@Entity
@Table(name = "intents", schema = "payment")
public class PaymentIntent extends AbstractAggregateRoot<PaymentIntent> {

	/** A call to the provider that was decided and has not been answered yet. */
	enum PendingCall {
		NONE, CAPTURE, CANCEL
	}

	@Id
	@Identity
	private UUID id;

	@Column(nullable = false)
	private String reference;

	@Column(name = "payer_id", nullable = false)
	private UUID payerId;

	@Column(name = "payee_id", nullable = false)
	private UUID payeeId;

	@Column(name = "amount_minor", nullable = false)
	private long amount;

	@Column(nullable = false)
	private String currency;

	@Column(nullable = false)
	private String escrow;

	@Column(name = "release_on", nullable = false)
	private LocalDate releaseOn;

	@Column(name = "pay_by", nullable = false)
	private Instant payBy;

	@PersonalData(Grade.CONTENT)
	@Column(nullable = false)
	private String description;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private PaymentStatus status;

	@Enumerated(EnumType.STRING)
	@Column(name = "pending_call", nullable = false)
	private PendingCall pendingCall = PendingCall.NONE;

	@Column(name = "provider_id")
	private @Nullable String providerId;

	@Column(name = "payment_method")
	private @Nullable String paymentMethod;

	@Column(name = "captured_minor", nullable = false)
	private long captured;

	@Column(name = "refunded_minor", nullable = false)
	private long refunded;

	@Column(name = "failure")
	private @Nullable String failure;

	@Column(nullable = false)
	private boolean settled;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Version
	private @Nullable Long version;

	protected PaymentIntent() {}

	PaymentIntent(PaymentRequest request, Instant now) {
		this.id = request.id().value();
		this.reference = request.reference();
		this.payerId = request.payer().value();
		this.payeeId = request.payee().value();
		this.amount = request.amount().minorUnits();
		this.currency = request.amount().currency().getCurrencyCode();
		this.escrow = request.escrow();
		this.releaseOn = request.releaseOn();
		this.payBy = request.payBy();
		this.description = request.description();
		this.status = PaymentStatus.CREATED;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * The payer pays with a payment method: the payment goes to the provider.
	 *
	 * @return whether the provider is to be asked now: not when the payment was sent already (a repeated click)
	 */
	boolean submit(UserId payer, String method, Instant now) {
		if (!isPayer(payer)) {
			throw Rejection.forbidden("not-payer", "Only the payer makes this payment.");
		}
		if (status == PaymentStatus.CREATED && !now.isBefore(payBy)) {
			expire(now);
		}
		return switch (status) {
			case CREATED -> {
				status = PaymentStatus.PROCESSING;
				paymentMethod = method;
				updatedAt = now;
				yield true;
			}
			case PROCESSING -> providerId == null;
			case REQUIRES_ACTION, AUTHORISED, CAPTURED, PARTIALLY_REFUNDED, REFUNDED -> false;
			case FAILED, EXPIRED, CANCELLED -> throw Rejection.conflict("payment-closed", "The payment is "
					+ status.name().toLowerCase(java.util.Locale.ROOT) + (failure == null ? "." : " (" + failure
							+ ")."));
		};
	}

	/** A result the provider gave, by answer, webhook or reconciliation, in whatever order results arrive. */
	void providerSays(String providerIntent, ProviderStatus said, long capturedThere, @Nullable String failureCode,
			Instant now) {
		if (providerId == null) {
			providerId = providerIntent;
		}
		switch (said) {
			case PROCESSING -> { }
			case REQUIRES_ACTION -> {
				if (status == PaymentStatus.CREATED || status == PaymentStatus.PROCESSING) {
					move(PaymentStatus.REQUIRES_ACTION, now);
				}
			}
			case AUTHORISED -> authorised(now);
			case FAILED -> {
				pendingCall = PendingCall.NONE;
				if (status.isOpen()) {
					failure = failureCode == null ? "failed" : failureCode;
					move(PaymentStatus.FAILED, now);
					registerEvent(new PaymentEvent.PaymentFailed(UUID.randomUUID(), now, paymentId(), reference,
							failure));
				}
			}
			case CAPTURED -> {
				// a capture answered, or learnt from the provider after its answer was lost
				authorised(now);
				if (status == PaymentStatus.AUTHORISED) {
					captured = capturedThere;
					pendingCall = PendingCall.NONE;
					move(PaymentStatus.CAPTURED, now);
				}
			}
			case CANCELLED -> {
				if (!status.isCaptured() && !status.isClosedUncharged()) {
					cancelled(now);
				}
				pendingCall = PendingCall.NONE;
			}
		}
	}

	private void authorised(Instant now) {
		if (status.isOpen()) {
			move(PaymentStatus.AUTHORISED, now);
			if (pendingCall != PendingCall.CANCEL) {
				// an authorisation nobody wants any more is voided without a word to the caller
				registerEvent(new PaymentEvent.PaymentAuthorised(UUID.randomUUID(), now, paymentId(), reference));
			}
		}
	}

	/** The caller takes the money: decided here, made by the provider (see {@link #pendingCall()}). */
	boolean requestCapture(Instant now) {
		if (status != PaymentStatus.AUTHORISED || pendingCall == PendingCall.CANCEL) {
			return false;
		}
		pendingCall = PendingCall.CAPTURE;
		updatedAt = now;
		return true;
	}

	/**
	 * The payment is not wanted any more. Not sent yet: closed at once. Sent or authorised: a cancellation (void) is
	 * asked of the provider. Captured: nothing here; the caller refunds it whole.
	 *
	 * @return whether the provider must be asked to cancel
	 */
	boolean requestCancel(Instant now) {
		if (pendingCall == PendingCall.CAPTURE) {
			// taken already, as far as the caller is concerned: refunded rather than voided
			return false;
		}
		if (status == PaymentStatus.CREATED) {
			cancelled(now);
			return false;
		}
		if (status.isOpen() || status == PaymentStatus.AUTHORISED) {
			pendingCall = PendingCall.CANCEL;
			updatedAt = now;
			return providerId != null;
		}
		return false;
	}

	private void cancelled(Instant now) {
		move(PaymentStatus.CANCELLED, now);
		registerEvent(new PaymentEvent.PaymentCancelled(UUID.randomUUID(), now, paymentId(), reference));
	}

	/** Not paid when it was due: closed, nothing charged. */
	boolean expire(Instant now) {
		if (status != PaymentStatus.CREATED || now.isBefore(payBy)) {
			return false;
		}
		failure = "expired";
		move(PaymentStatus.EXPIRED, now);
		registerEvent(new PaymentEvent.PaymentFailed(UUID.randomUUID(), now, paymentId(), reference, failure));
		return true;
	}

	/** How much of the captured money can still be given back: none once it was released to the payee. */
	long refundable() {
		return status.isCaptured() && !settled ? captured - refunded : 0;
	}

	/** Money given back; the caller books it. */
	void refunded(long amountBack, Instant now) {
		if (amountBack <= 0 || amountBack > refundable()) {
			throw new IllegalStateException("Refund of " + amountBack + " exceeds the refundable " + refundable());
		}
		refunded += amountBack;
		move(refunded == captured ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED, now);
	}

	/**
	 * The escrow releases what was kept of the payment to the payee, from its release date on.
	 *
	 * @return the amount released, or nothing when there is nothing to release yet
	 */
	Optional<Long> settle(LocalDate today, Instant now) {
		if (settled || !status.isCaptured() || today.isBefore(releaseOn)) {
			return Optional.empty();
		}
		settled = true;
		updatedAt = now;
		return Optional.of(captured - refunded);
	}

	/** Registers an event about the payment, published when it is saved. */
	void announce(PaymentEvent event) {
		registerEvent(event);
	}

	private void move(PaymentStatus next, Instant now) {
		status = next;
		updatedAt = now;
	}

	boolean isPayer(UserId user) {
		return payerId.equals(user.value());
	}

	boolean mayView(UserId user) {
		return isPayer(user) || payeeId.equals(user.value());
	}

	public PaymentId paymentId() {
		return new PaymentId(id);
	}

	UUID id() {
		return id;
	}

	public String reference() {
		return reference;
	}

	public UserId payer() {
		return new UserId(payerId);
	}

	public UserId payee() {
		return new UserId(payeeId);
	}

	public Money amount() {
		return Money.ofMinor(amount, currency());
	}

	public Currency currency() {
		return Currency.getInstance(currency);
	}

	public String escrow() {
		return escrow;
	}

	public LocalDate releaseOn() {
		return releaseOn;
	}

	public Instant payBy() {
		return payBy;
	}

	public String description() {
		return description;
	}

	public PaymentStatus status() {
		return status;
	}

	PendingCall pendingCall() {
		return pendingCall;
	}

	public @Nullable String providerId() {
		return providerId;
	}

	@Nullable String paymentMethod() {
		return paymentMethod;
	}

	public Money captured() {
		return Money.ofMinor(captured, currency());
	}

	public Money refunded() {
		return Money.ofMinor(refunded, currency());
	}

	long capturedMinor() {
		return captured;
	}

	long refundedMinor() {
		return refunded;
	}

	long amountMinor() {
		return amount;
	}

	public @Nullable String failure() {
		return failure;
	}

	public boolean isSettled() {
		return settled;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public Instant updatedAt() {
		return updatedAt;
	}
}
