package com.yuelv.booking.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

import com.yuelv.booking.JoinRequestId;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The booking saga of one request to join a trip with a price: the whole flow, from the held seat to the last refund,
 * is the state machine of this class. The seat itself is the {@link Roster}'s; the money is the payment module's,
 * asked through {@link PaymentStep}s that travel through the outbox.
 *
 * <pre>
 * state             | on                                        | to                | seat (Roster)  | payment step
 * ------------------+-------------------------------------------+-------------------+----------------+-------------
 * (none)            | organizer accepts                         | AWAITING_PAYMENT  | held           | Open
 * AWAITING_PAYMENT  | payment authorised                        | CONFIRMED         | confirmed      | Capture
 * AWAITING_PAYMENT  | payment failed                            | LAPSED            | freed, offered | -
 * AWAITING_PAYMENT  | hold expired (payBy passed)               | LAPSED            | freed, offered | Cancel
 * AWAITING_PAYMENT  | traveler withdraws, organizer rejects,    | RELEASED          | freed          | Cancel
 *                   | trip cancelled                            |                   |                |
 * LAPSED, RELEASED  | payment authorised (too late)             | (same)            | -              | Cancel
 * CONFIRMED         | companion leaves                          | REFUNDING|CLOSED  | freed, offered | Refund (policy)
 * CONFIRMED         | organizer removes, trip cancelled         | REFUNDING         | freed          | Refund 100 %
 * REFUNDING         | refund made                               | REFUNDED          | -              | -
 * </pre>
 *
 * The refund policy for a companion who leaves: 100 % up to {@value #FULL_REFUND_DAYS} days before the start, 50 % up
 * to {@value #HALF_REFUND_DAYS} days before it, nothing later. Every transition is a no-op in any other state, so a
 * redelivered or late event changes nothing; the deadline ({@code payBy}) is stored, so it holds across restarts.
 */
@AggregateRoot
@Entity
@Table(name = "seat_purchases", schema = "booking")
public class SeatPurchase extends AbstractAggregateRoot<SeatPurchase> {

	static final int FULL_REFUND_DAYS = 14;
	static final int HALF_REFUND_DAYS = 7;

	/** Where the saga of one request is. */
	public enum State {
		/** The seat is held; the traveler pays by {@code payBy}. */
		AWAITING_PAYMENT,
		/** Paid: the seat is the traveler's and the money is in escrow until the trip starts. */
		CONFIRMED,
		/** Not paid (the payment failed, or time ran out): the seat was freed, nothing charged. */
		LAPSED,
		/** Given up before payment (withdrawn, rejected, trip cancelled): the seat was freed, nothing charged. */
		RELEASED,
		/** The companion is gone; the refund due is being made. */
		REFUNDING,
		/** The refund was made. */
		REFUNDED,
		/** The companion left too late for a refund: the money stays with the trip. */
		CLOSED
	}

	@Id
	@Identity
	@Column(name = "request_id")
	private UUID requestId;

	@Column(name = "trip_id", nullable = false)
	private UUID tripId;

	@Column(name = "traveler_id", nullable = false)
	private UUID travelerId;

	@Column(name = "organizer_id", nullable = false)
	private UUID organizerId;

	@Column(name = "payment_id", nullable = false, unique = true)
	private UUID paymentId;

	@Column(name = "price_minor", nullable = false)
	private long priceMinor;

	@Column(nullable = false)
	private String currency;

	@Column(name = "trip_start", nullable = false)
	private LocalDate tripStart;

	@Column(name = "pay_by", nullable = false)
	private Instant payBy;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private State state;

	@Column(name = "refund_percent")
	private @Nullable Integer refundPercent;

	@Column(name = "refunded_minor")
	private @Nullable Long refunded;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Version
	private @Nullable Long version;

	protected SeatPurchase() {}

	private SeatPurchase(Roster roster, JoinRequest request, Instant payBy, Instant now) {
		var price = roster.price().orElseThrow(() -> new IllegalStateException("A free trip's seats are not bought"));
		this.requestId = request.requestId().value();
		this.tripId = roster.tripId().value();
		this.travelerId = request.traveler().value();
		this.organizerId = roster.organizer().value();
		this.paymentId = UUID.nameUUIDFromBytes(("payment:" + requestId).getBytes(StandardCharsets.UTF_8));
		this.priceMinor = price.minorUnits();
		this.currency = price.currency().getCurrencyCode();
		this.tripStart = roster.startDate();
		this.payBy = payBy;
		this.state = State.AWAITING_PAYMENT;
		this.updatedAt = now;
	}

	/** The organizer accepted and the seat is held: the traveler is asked to pay by {@code payBy}. */
	static SeatPurchase start(Roster roster, JoinRequest request, Instant payBy, Instant now) {
		var purchase = new SeatPurchase(roster, request, payBy, now);
		purchase.registerEvent(new PaymentStep.Open(new PaymentRequest(purchase.paymentId(), requestId(request),
				request.traveler(), roster.organizer(), purchase.price(), "trip:" + roster.tripId(),
				roster.startDate(), payBy, description(roster))));
		return purchase;
	}

	/**
	 * The payment was authorised.
	 *
	 * @return whether the seat is to be confirmed now: only while it is held for this payment
	 */
	boolean paymentAuthorised(Instant now) {
		return switch (state) {
			case AWAITING_PAYMENT -> {
				move(State.CONFIRMED, now);
				registerEvent(new PaymentStep.Capture(paymentId()));
				yield true;
			}
			case LAPSED, RELEASED -> {
				// the money came after the seat was gone: the authorisation is voided, the traveler never charged
				registerEvent(new PaymentStep.Cancel(paymentId(), "The seat was no longer held when the payment "
						+ "was authorised."));
				yield false;
			}
			default -> false;
		};
	}

	/** @return whether the held seat is to be freed: the payment failed before the seat was the traveler's */
	boolean paymentFailed(Instant now) {
		if (state != State.AWAITING_PAYMENT) {
			return false;
		}
		move(State.LAPSED, now);
		return true;
	}

	/** @return whether the held seat is to be freed: it was not paid for in time */
	boolean holdExpired(Instant now) {
		if (state != State.AWAITING_PAYMENT || now.isBefore(payBy)) {
			return false;
		}
		move(State.LAPSED, now);
		registerEvent(new PaymentStep.Cancel(paymentId(), "The seat's hold expired at " + payBy + "."));
		return true;
	}

	/** The held seat was given up (withdrawn, rejected, trip cancelled) before it was paid for. */
	void released(String reason, Instant now) {
		if (state == State.AWAITING_PAYMENT) {
			move(State.RELEASED, now);
			registerEvent(new PaymentStep.Cancel(paymentId(), reason));
		}
	}

	/** The companion left on {@code today}: refunded by the policy's share. */
	void companionLeft(LocalDate today, Instant now) {
		companionGone(refundPercentForLeaving(today, tripStart), "The companion left the trip on " + today + ".",
				now);
	}

	/** The organizer removed the companion, or cancelled the trip: refunded whole. */
	void companionDropped(String reason, Instant now) {
		companionGone(100, reason, now);
	}

	private void companionGone(int percent, String reason, Instant now) {
		if (state != State.CONFIRMED) {
			if (state == State.AWAITING_PAYMENT) {
				released(reason, now);
			}
			return;
		}
		refundPercent = percent;
		if (percent == 0) {
			move(State.CLOSED, now);
			return;
		}
		move(State.REFUNDING, now);
		registerEvent(new PaymentStep.Refund(paymentId(), UUID.nameUUIDFromBytes(("refund:" + requestId)
				.getBytes(StandardCharsets.UTF_8)), percent, reason));
	}

	/** The refund was made. */
	void refunded(Money amount, Instant now) {
		if (state == State.REFUNDING) {
			refunded = amount.minorUnits();
			move(State.REFUNDED, now);
		}
	}

	/** The share of the price a companion who leaves on {@code today} gets back. */
	static int refundPercentForLeaving(LocalDate today, LocalDate start) {
		var daysBefore = ChronoUnit.DAYS.between(today, start);
		if (daysBefore >= FULL_REFUND_DAYS) {
			return 100;
		}
		return daysBefore >= HALF_REFUND_DAYS ? 50 : 0;
	}

	private void move(State next, Instant now) {
		state = next;
		updatedAt = now;
	}

	private static String description(Roster roster) {
		var title = roster.tripTitle().primary();
		return "A seat on " + (title.length() > 200 ? title.substring(0, 200) : title);
	}

	private static String requestId(JoinRequest request) {
		return request.requestId().value().toString();
	}

	public JoinRequestId requestId() {
		return new JoinRequestId(requestId);
	}

	public PaymentId paymentId() {
		return new PaymentId(paymentId);
	}

	public com.yuelv.trip.TripId tripId() {
		return new com.yuelv.trip.TripId(tripId);
	}

	public UserId traveler() {
		return new UserId(travelerId);
	}

	public Money price() {
		return Money.ofMinor(priceMinor, Currency.getInstance(currency));
	}

	public Instant payBy() {
		return payBy;
	}

	public LocalDate tripStart() {
		return tripStart;
	}

	public State state() {
		return state;
	}

	public @Nullable Integer refundPercent() {
		return refundPercent;
	}

	public @Nullable Money refunded() {
		return refunded == null ? null : Money.ofMinor(refunded, Currency.getInstance(currency));
	}

	public Instant updatedAt() {
		return updatedAt;
	}
}
