package com.yuelv.booking.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.booking.JoinRequestId;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.Days;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripStatus;

/**
 * What travelers and organizers do with requests to join trips. Each use case is one transaction that locks the
 * trip's {@link Roster} first (see its Javadoc for why that rules out overbooking) and records the roster's events in
 * the publication registry.
 */
@Service
public class Companionship {

	private static final Logger LOG = LoggerFactory.getLogger(Companionship.class);
	private static final int MAX_PAGE_SIZE = 100;
	private static final String OWN_REQUESTS = "own-join-requests";

	private final Rosters rosters;
	private final JoinRequests requests;
	private final TripApi trips;
	private final Blocks blocks;
	private final Clock clock;
	private final TransactionTemplate separately;
	private final PageTokens pageTokens;
	private final SeatPurchases purchases;
	private final BookingSettings settings;

	private final ErasedPeople erased;

	Companionship(Rosters rosters, JoinRequests requests, TripApi trips, Blocks blocks, Clock clock,
			PlatformTransactionManager transactions, PageTokens pageTokens, SeatPurchases purchases,
			BookingSettings settings, ErasedPeople erased) {
		this.erased = erased;
		this.purchases = purchases;
		this.settings = settings;
		this.rosters = rosters;
		this.requests = requests;
		this.trips = trips;
		this.blocks = blocks;
		this.clock = clock;
		this.separately = new TransactionTemplate(transactions);
		this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.pageTokens = pageTokens;
	}

	/** A trip's seats at one moment. */
	public record Seats(TripId tripId, int capacity, int taken, int offered, int available, long waiting,
			boolean cancelled) {

		static Seats of(Roster roster, long waiting) {
			return new Seats(roster.tripId(), roster.capacity(), roster.taken(), roster.offered(), roster.available(),
					waiting, roster.isCancelled());
		}

		/** The seats of a published trip nobody asked to join yet. */
		static Seats none(TripDetails trip) {
			var cancelled = trip.status() == TripStatus.CANCELLED;
			return new Seats(trip.tripId(), trip.seats(), 0, 0, cancelled ? 0 : trip.seats(), 0, cancelled);
		}
	}

	/** A traveler's requests, newest first, and the token of the page after them if there is one. */
	public record RequestPage(List<JoinRequest> requests, @Nullable String nextPageToken) {}

	/** Where a page of one's own requests ended. */
	private record RequestPosition(Instant requestedAt, UUID id) {}

	/** A trip's seats and every request to join it, oldest first. */
	public record RosterSnapshot(Seats seats, List<JoinRequest> requests) {}

	@Transactional
	public JoinRequest request(UserId traveler, TripId tripId, @Nullable String message) {
		var text = PlainText.checkOptional("message", message, 500, true);
		var roster = lockOrCreate(tripId);
		if (blocks.between(roster.organizer(), traveler)) {
			// a block hides the organizer's trips from the traveler, and the traveler from the organizer
			throw tripNotFound(tripId);
		}
		var earlier = requests.findByTripIdAndTravelerId(tripId.value(), traveler.value());
		var request = requests.save(roster.request(traveler, earlier, text, today(), clock.instant()));
		rosters.save(roster);
		return request;
	}

	/** The organizer accepts: on a trip with a price the seat is held and the booking saga asks for payment. */
	@Transactional
	public JoinRequest accept(UserId organizer, JoinRequestId requestId) {
		var roster = lockRosterOf(requestId, organizer);
		var now = clock.instant();
		var payBy = now.plus(settings.holdFor());
		var request = roster.accept(organizer, requestId, today(), now, payBy);
		rosters.save(roster);
		if (request.status() == JoinRequestStatus.HELD) {
			purchases.save(SeatPurchase.start(roster, request, payBy, now));
		}
		return request;
	}

	@Transactional
	public JoinRequest reject(UserId organizer, JoinRequestId requestId, @Nullable String reason) {
		var text = PlainText.checkOptional("reason", reason, 500, true);
		var roster = lockRosterOf(requestId, organizer);
		var companion = roster.request(requestId).status() == JoinRequestStatus.ACCEPTED;
		var request = roster.reject(organizer, requestId, text, clock.instant());
		rosters.save(roster);
		purchases.findById(requestId.value()).ifPresent(purchase -> {
			purchase.companionDropped(companion ? "The organizer removed the companion from the trip."
					: "The organizer rejected the request.", clock.instant());
			purchases.save(purchase);
		});
		return request;
	}

	@Transactional
	public JoinRequest withdraw(UserId traveler, JoinRequestId requestId) {
		var roster = lockRosterOf(requestId, traveler);
		var request = roster.withdraw(traveler, requestId, clock.instant());
		rosters.save(roster);
		purchases.findById(requestId.value()).ifPresent(purchase -> {
			if (request.status() == JoinRequestStatus.LEFT) {
				purchase.companionLeft(today(), clock.instant());
			}
			else {
				purchase.released("The traveler withdrew the request.", clock.instant());
			}
			purchases.save(purchase);
		});
		return request;
	}

	/**
	 * Releases everyone from a cancelled trip; safe to repeat. The roster is created first if nobody asked to join
	 * yet, so that a request racing the cancellation finds it cancelled.
	 */
	@Transactional
	public void tripCancelled(TripDetails trip) {
		if (!rosters.existsById(trip.tripId().value())) {
			if (erased.includesAnyOf(trip.organizerId())) {
				// withdrawn with its organizer's account: nobody asked to join, and no request can come any more
				return;
			}
			createSeparately(trip);
		}
		var roster = rosters.lock(trip.tripId().value()).orElseThrow();
		roster.cancelTrip(clock.instant());
		rosters.save(roster);
		for (var purchase : purchases.findByTripId(trip.tripId().value())) {
			purchase.companionDropped("The trip was cancelled.", clock.instant());
			purchases.save(purchase);
		}
	}

	/**
	 * The booking saga of a request, if its trip has a price; for a request the caller was given by {@link #find} or
	 * a decision, which checked who may see it.
	 */
	@Transactional(readOnly = true)
	public java.util.Optional<SeatPurchase> purchase(JoinRequest request) {
		return purchases.findById(request.requestId().value());
	}

	@Transactional(readOnly = true)
	public JoinRequest find(UserId viewer, JoinRequestId requestId) {
		var request = requests.findById(requestId.value()).orElseThrow(() -> notFound(requestId));
		var roster = rosters.findById(request.tripId().value()).orElseThrow(() -> notFound(requestId));
		if (!roster.mayView(viewer, request)) {
			throw notFound(requestId);
		}
		return request;
	}

	/** A trip's roster with all its requests, for its organizer. */
	@Transactional(readOnly = true)
	public RosterSnapshot roster(UserId organizer, TripId tripId) {
		var stored = rosters.findById(tripId.value());
		if (stored.isPresent()) {
			requireOrganizer(stored.get().organizer(), organizer);
			return new RosterSnapshot(Seats.of(stored.get(), waiting(stored.get())), stored.get().requests());
		}
		var trip = publishedTrip(tripId);
		requireOrganizer(trip.organizerId(), organizer);
		return new RosterSnapshot(Seats.none(trip), List.of());
	}

	private static void requireOrganizer(UserId organizer, UserId caller) {
		if (!organizer.equals(caller)) {
			throw Rejection.forbidden("not-organizer", "Only the trip's organizer sees its requests.");
		}
	}

	/** How many seats a trip has, holds and offers: public. */
	@Transactional(readOnly = true)
	public Seats seats(TripId tripId) {
		return rosters.findById(tripId.value()).map(roster -> Seats.of(roster, waiting(roster)))
				.orElseGet(() -> Seats.none(publishedTrip(tripId)));
	}

	private long waiting(Roster roster) {
		return requests.countByTripIdAndStatus(roster.tripId().value(), JoinRequestStatus.WAITLISTED);
	}

	/**
	 * One page of a traveler's own requests, newest first.
	 *
	 * @param pageToken the previous page's {@link RequestPage#nextPageToken()}, or {@code null} for the first page
	 */
	@Transactional(readOnly = true)
	public RequestPage requestsBy(UserId traveler, @Nullable String pageToken, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		var limit = Limit.of(size + 1);
		var found = new ArrayList<JoinRequest>();
		if (pageToken == null) {
			found.addAll(requests.newestBy(traveler.value(), limit));
		}
		else {
			var after = pageTokens.read("pageToken", OWN_REQUESTS, 2, pageToken,
					key -> new RequestPosition(Instant.parse(key.get(0)), UUID.fromString(key.get(1))));
			found.addAll(requests.newestByBefore(traveler.value(), after.requestedAt(), after.id(), limit));
		}
		if (found.size() <= size) {
			return new RequestPage(found, null);
		}
		found.removeLast();
		var last = found.getLast();
		return new RequestPage(found, pageTokens.issue(OWN_REQUESTS,
				List.of(last.requestedAt().toString(), last.requestId().value().toString())));
	}

	private Roster lockOrCreate(TripId tripId) {
		var locked = rosters.lock(tripId.value());
		if (locked.isPresent()) {
			return locked.get();
		}
		createSeparately(publishedTrip(tripId));
		return rosters.lock(tripId.value()).orElseThrow();
	}

	private Roster lockRosterOf(JoinRequestId requestId, UserId caller) {
		var tripId = requests.tripOf(requestId.value()).orElseThrow(() -> notFound(requestId));
		var roster = rosters.lock(tripId).orElseThrow(() -> notFound(requestId));
		if (!roster.mayView(caller, roster.request(requestId))) {
			throw notFound(requestId);
		}
		return roster;
	}

	private TripDetails publishedTrip(TripId tripId) {
		return trips.find(tripId).filter(trip -> trip.publishedAt() != null).orElseThrow(() -> tripNotFound(tripId));
	}

	/**
	 * Creates the trip's roster unless it exists, in a transaction of its own: a first request and the cancellation
	 * listener may race to create it, and losing the race (a duplicate key) must not abort the caller's transaction.
	 */
	private void createSeparately(TripDetails trip) {
		try {
			separately.executeWithoutResult(status -> create(trip));
		}
		catch (DataIntegrityViolationException e) {
			LOG.debug("Roster of trip {} was created concurrently", trip.tripId());
		}
	}

	private void create(TripDetails trip) {
		if (!rosters.existsById(trip.tripId().value())) {
			rosters.create(trip.tripId().value(), trip.organizerId().value(),
					new TitleConverter().convertToDatabaseColumn(trip.title()), trip.startDate(), trip.endDate(),
					trip.seats(), trip.status() == TripStatus.CANCELLED, clock.instant(),
					trip.budget().minorUnits(), trip.budget().currency().getCurrencyCode());
		}
	}

	private LocalDate today() {
		return Days.lastToday(clock);
	}

	private static Rejection tripNotFound(TripId tripId) {
		return Rejection.notFound("trip-not-found", "No published trip " + tripId);
	}

	private static Rejection notFound(JoinRequestId requestId) {
		return Rejection.notFound("join-request-not-found", "No join request " + requestId);
	}
}
