package com.yuelv.booking.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.util.Assert;

import com.yuelv.booking.BookingEvent;
import com.yuelv.booking.JoinRequestId;
import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The seats of one trip and every request to join it: the aggregate that keeps the booking rules. A trip is never
 * overbooked ({@code taken + offered <= capacity}), a traveler has at most one active request per trip, and freed
 * seats go to waiting requests oldest first.
 * <p>
 * Asking to join, the change a surge brings most of, does not load the trip's requests: the roster counts its active
 * ones, and the traveler's own earlier requests for the trip are all a new one is checked against. Decisions load
 * them all, as they may move any of them.
 * <p>
 * Concurrency: every change loads the roster with a pessimistic row lock ({@code SELECT ... FOR UPDATE}, see
 * {@link Rosters#lock}) and keeps it until its transaction commits, so changes to one trip's seats run one after
 * another and each sees the seats the previous one left. Fifty organizers' clicks racing for the last seat thus take
 * it exactly once; the others find the trip full. A check constraint on the table refuses any state that would
 * overbook, should code ever bypass the lock.
 */
@AggregateRoot
@Entity
@Table(name = "rosters", schema = "booking")
public class Roster extends AbstractAggregateRoot<Roster> {

	/** Most requests that may be active at once: seats plus a waitlist of reasonable length. */
	static final int MAX_ACTIVE_REQUESTS = 300;

	/** Most requests one traveler may make for one trip, withdrawn and rejected ones included. */
	static final int MAX_REQUESTS_PER_TRAVELER = 5;

	@Id
	@Identity
	@Column(name = "trip_id")
	private UUID tripId;

	@Column(name = "organizer_id", nullable = false)
	private UUID organizerId;

	@PersonalData(Grade.CONTENT)
	@Convert(converter = TitleConverter.class)
	@Column(name = "trip_title", nullable = false)
	private LocalizedText tripTitle;

	@Column(name = "start_date", nullable = false)
	private LocalDate startDate;

	@Column(name = "end_date", nullable = false)
	private LocalDate endDate;

	@Column(nullable = false)
	private int capacity;

	@Column(nullable = false)
	private int taken;

	@Column(nullable = false)
	private int offered;

	@Column(nullable = false)
	private boolean cancelled;

	/** What a seat costs, in the currency's minor unit; nothing for a free trip, whose seats are taken at once. */
	@Column(name = "price_minor", nullable = false)
	private long priceMinor;

	@Column(nullable = false)
	private String currency;

	/** How many of {@link #requests} are active: kept with every change, so that asking need not load them. */
	@Column(name = "active_requests", nullable = false)
	private int active;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** Empty until stored, like every entity's with an assigned identity; the row lock already orders changes. */
	@Version
	private @Nullable Long version;

	@OneToMany(cascade = CascadeType.ALL)
	@JoinColumn(name = "trip_id", insertable = false, updatable = false)
	@OrderBy("requestedAt, id")
	private List<JoinRequest> requests = new ArrayList<>();

	protected Roster() {}

	public TripId tripId() {
		return new TripId(tripId);
	}

	public UserId organizer() {
		return new UserId(organizerId);
	}

	public boolean isOrganizedBy(UserId user) {
		return organizerId.equals(user.value());
	}

	public LocalizedText tripTitle() {
		return tripTitle;
	}

	public int capacity() {
		return capacity;
	}

	public int taken() {
		return taken;
	}

	public int offered() {
		return offered;
	}

	public int available() {
		return cancelled ? 0 : capacity - taken - offered;
	}

	public boolean isCancelled() {
		return cancelled;
	}

	/** What a seat costs, when it costs something. */
	public java.util.Optional<com.yuelv.shared.Money> price() {
		return priceMinor == 0 ? java.util.Optional.empty()
				: java.util.Optional.of(com.yuelv.shared.Money.ofMinor(priceMinor,
						java.util.Currency.getInstance(currency)));
	}

	public LocalDate startDate() {
		return startDate;
	}

	public List<JoinRequest> requests() {
		return List.copyOf(requests);
	}

	/**
	 * A traveler asks to join. The request waits for the organizer when a seat is free, and in the waitlist when
	 * none is. The new request is not added to {@link #requests}, which would load every request of the trip: the
	 * caller stores it.
	 *
	 * @param earlier the traveler's earlier requests for this trip, read while the roster is locked
	 */
	JoinRequest request(UserId traveler, List<JoinRequest> earlier, @Nullable String message, LocalDate today,
			Instant now) {
		Assert.isTrue(earlier.stream().allMatch(it -> it.isBy(traveler) && it.tripId().equals(tripId())),
				"Earlier requests must be the traveler's own for this trip");
		requireOpen(today);
		if (isOrganizedBy(traveler)) {
			throw Rejection.conflict("own-trip", "Organizers do not ask to join their own trip.");
		}
		var existing = earlier.stream().filter(it -> it.status().isActive()).findFirst();
		if (existing.isPresent()) {
			throw existing.get().status() == JoinRequestStatus.ACCEPTED
					? Rejection.conflict("already-companion", "You already hold a seat on this trip.")
					: Rejection.conflict("already-requested",
							"You already have a request for this trip (" + existing.get().requestId() + ").");
		}
		if (earlier.size() >= MAX_REQUESTS_PER_TRAVELER) {
			throw Rejection.conflict("request-limit",
					"You asked to join this trip " + MAX_REQUESTS_PER_TRAVELER + " times already.");
		}
		if (active >= MAX_ACTIVE_REQUESTS) {
			throw Rejection.conflict("waitlist-full", "The trip's waitlist is full.");
		}
		var waitlisted = available() == 0;
		var request = new JoinRequest(tripId(), traveler, message,
				waitlisted ? JoinRequestStatus.WAITLISTED : JoinRequestStatus.PENDING, now);
		active++;
		registerEvent(new BookingEvent.JoinRequested(UUID.randomUUID(), now, request.requestId(), tripId(), tripTitle,
				organizer(), traveler, waitlisted));
		return request;
	}

	/**
	 * The organizer accepts a pending request, or the request a freed seat is offered to. On a free trip the traveler
	 * takes the seat at once; on a trip with a price the seat is held for them (counted as taken) until
	 * {@code payBy}, and taken for good when they paid ({@link #confirm}).
	 */
	JoinRequest accept(UserId organizer, JoinRequestId requestId, LocalDate today, Instant now, Instant payBy) {
		requireOrganizer(organizer);
		requireOpen(today);
		var request = request(requestId);
		switch (request.status()) {
			case OFFERED -> offered--;
			case PENDING -> {
				if (available() == 0) {
					throw tripFull();
				}
			}
			case WAITLISTED -> throw tripFull();
			default -> throw decided(request);
		}
		taken++;
		if (priceMinor == 0) {
			request.moveTo(JoinRequestStatus.ACCEPTED, now);
			register(BookingEvent.JoinAccepted::new, request, now);
		}
		else {
			request.moveTo(JoinRequestStatus.HELD, now);
			registerEvent(new BookingEvent.SeatHeld(UUID.randomUUID(), now, request.requestId(), tripId(), tripTitle,
					organizer(), request.traveler(), price().orElseThrow(), payBy));
		}
		if (available() == 0) {
			requests.stream().filter(it -> it.status() == JoinRequestStatus.PENDING).forEach(pending -> {
				pending.moveTo(JoinRequestStatus.WAITLISTED, now);
				register(BookingEvent.JoinWaitlisted::new, pending, now);
			});
		}
		return request;
	}

	/**
	 * The held seat was paid for: the traveler holds it for good.
	 *
	 * @return whether the seat was still held: not when the hold lapsed, or the request was closed, meanwhile
	 */
	boolean confirm(JoinRequestId requestId, Instant now) {
		var request = request(requestId);
		if (request.status() != JoinRequestStatus.HELD) {
			return false;
		}
		request.moveTo(JoinRequestStatus.ACCEPTED, now);
		register(BookingEvent.JoinAccepted::new, request, now);
		return true;
	}

	/**
	 * The held seat was not paid for (the payment failed, or time ran out): it is freed and offered to the oldest
	 * waiting request.
	 *
	 * @return whether the seat was still held
	 */
	boolean lapse(JoinRequestId requestId, String why, Instant now) {
		var request = request(requestId);
		if (request.status() != JoinRequestStatus.HELD) {
			return false;
		}
		taken--;
		active--;
		request.moveTo(JoinRequestStatus.LAPSED, why, now);
		register(BookingEvent.HoldLapsed::new, request, now);
		offerFreedSeats(now);
		return true;
	}

	/**
	 * The organizer rejects a request: one not accepted yet, one whose seat is held for payment, or a companion's,
	 * who is removed from the trip (and refunded in full, see {@link SeatPurchase}).
	 */
	JoinRequest reject(UserId organizer, JoinRequestId requestId, @Nullable String reason, Instant now) {
		requireOrganizer(organizer);
		var request = request(requestId);
		var was = request.status();
		if (!was.isActive()) {
			throw decided(request);
		}
		request.moveTo(JoinRequestStatus.REJECTED, reason, now);
		active--;
		registerEvent(new BookingEvent.JoinRejected(UUID.randomUUID(), now, request.requestId(), tripId(),
				tripTitle, organizer(), request.traveler(), reason));
		switch (was) {
			case OFFERED -> offered--;
			case HELD, ACCEPTED -> taken--;
			default -> { }
		}
		offerFreedSeats(now);
		return request;
	}

	/**
	 * The traveler takes a request back: before acceptance it is withdrawn, after it the companion leaves and the
	 * seat goes to the oldest waiting request.
	 */
	JoinRequest withdraw(UserId traveler, JoinRequestId requestId, Instant now) {
		var request = request(requestId);
		if (!request.isBy(traveler)) {
			throw notFound(requestId);
		}
		switch (request.status()) {
			case ACCEPTED -> {
				taken--;
				request.moveTo(JoinRequestStatus.LEFT, now);
				register(BookingEvent.CompanionLeft::new, request, now);
			}
			case HELD -> {
				taken--;
				request.moveTo(JoinRequestStatus.WITHDRAWN, now);
				register(BookingEvent.JoinWithdrawn::new, request, now);
			}
			case OFFERED -> {
				offered--;
				request.moveTo(JoinRequestStatus.WITHDRAWN, now);
				register(BookingEvent.JoinWithdrawn::new, request, now);
			}
			case PENDING, WAITLISTED -> {
				request.moveTo(JoinRequestStatus.WITHDRAWN, now);
				register(BookingEvent.JoinWithdrawn::new, request, now);
			}
			default -> throw decided(request);
		}
		active--;
		offerFreedSeats(now);
		return request;
	}

	/** The trip was cancelled: every active request is released and no seat is held any more. */
	void cancelTrip(Instant now) {
		if (cancelled) {
			return;
		}
		cancelled = true;
		taken = 0;
		offered = 0;
		active = 0;
		requests.stream().filter(it -> it.status().isActive()).forEach(request -> {
			request.moveTo(JoinRequestStatus.RELEASED, now);
			register(BookingEvent.CompanionReleased::new, request, now);
		});
	}

	/** Whether the person may see the request: its traveler and the trip's organizer. */
	boolean mayView(UserId viewer, JoinRequest request) {
		return isOrganizedBy(viewer) || request.isBy(viewer);
	}

	JoinRequest request(JoinRequestId requestId) {
		return requests.stream().filter(it -> it.requestId().equals(requestId)).findFirst()
				.orElseThrow(() -> notFound(requestId));
	}

	private void offerFreedSeats(Instant now) {
		var waiting = requests.stream().filter(it -> it.status() == JoinRequestStatus.WAITLISTED)
				.sorted(Comparator.comparing(JoinRequest::requestedAt).thenComparing(it -> it.requestId().value()))
				.iterator();
		while (available() > 0 && waiting.hasNext()) {
			var next = waiting.next();
			offered++;
			next.moveTo(JoinRequestStatus.OFFERED, now);
			register(BookingEvent.SeatOffered::new, next, now);
		}
	}

	private void requireOpen(LocalDate today) {
		if (cancelled) {
			throw Rejection.conflict("trip-cancelled", "The trip is cancelled.");
		}
		if (endDate.isBefore(today)) {
			throw Rejection.conflict("trip-finished", "The trip ended on " + endDate + ".");
		}
	}

	private void requireOrganizer(UserId user) {
		if (!isOrganizedBy(user)) {
			throw Rejection.forbidden("not-organizer", "Only the trip's organizer decides on requests to join.");
		}
	}

	private static Rejection tripFull() {
		return Rejection.conflict("trip-full", "Every seat is taken; the request waits for a freed one.");
	}

	private static Rejection decided(JoinRequest request) {
		return Rejection.conflict("request-closed",
				"The request is " + request.status().name().toLowerCase(java.util.Locale.ROOT) + ".");
	}

	private static Rejection notFound(JoinRequestId requestId) {
		return Rejection.notFound("join-request-not-found", "No join request " + requestId);
	}

	private void register(EventFactory factory, JoinRequest request, Instant now) {
		registerEvent(factory.create(UUID.randomUUID(), now, request.requestId(), tripId(), tripTitle, organizer(),
				request.traveler()));
	}

	@FunctionalInterface
	private interface EventFactory {
		BookingEvent create(UUID eventId, Instant occurredAt, JoinRequestId requestId, TripId tripId,
				LocalizedText tripTitle, UserId organizerId, UserId travelerId);
	}
}
