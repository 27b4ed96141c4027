package com.yuelv.booking.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.booking.JoinRequestId;
import com.yuelv.booking.internal.Companionship;
import com.yuelv.booking.internal.JoinRequest;
import com.yuelv.booking.internal.JoinRequestStatus;
import com.yuelv.booking.internal.SeatPurchase;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.Freshness;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Joining trips over HTTP: travelers ask, withdraw and leave; organizers accept and reject; anyone sees how many
 * seats are left.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Joining trips")
class JoinRequestController {

	private final Companionship companionship;

	JoinRequestController(Companionship companionship) {
		this.companionship = companionship;
	}

	record Ask(@Nullable String message) {}

	record Decision(@Nullable String reason) {}

	record MoneyView(java.math.BigDecimal amount, String currency) {
		static MoneyView of(Money money) {
			return new MoneyView(money.amount(), money.currency().getCurrencyCode());
		}
	}

	/** The booking saga of a request on a trip with a price: what the seat costs, and where its payment is. */
	record PurchaseView(SeatPurchase.State state, UUID paymentId, MoneyView price, Instant payBy,
			@Nullable Integer refundPercent, @Nullable MoneyView refunded) {

		static PurchaseView of(SeatPurchase purchase) {
			return new PurchaseView(purchase.state(), purchase.paymentId().value(), MoneyView.of(purchase.price()),
					purchase.payBy(), purchase.refundPercent(),
					purchase.refunded() == null ? null : MoneyView.of(purchase.refunded()));
		}
	}

	record JoinRequestView(UUID id, UUID tripId, UUID travelerId, JoinRequestStatus status, @Nullable String message,
			Instant requestedAt, @Nullable Instant decidedAt, @Nullable String reason,
			@Nullable PurchaseView purchase) {

		static JoinRequestView of(JoinRequest request) {
			return of(request, null);
		}

		static JoinRequestView of(JoinRequest request, @Nullable SeatPurchase purchase) {
			return new JoinRequestView(request.requestId().value(), request.tripId().value(),
					request.traveler().value(), request.status(), request.message(), request.requestedAt(),
					request.decidedAt(), request.reason(), purchase == null ? null : PurchaseView.of(purchase));
		}
	}

	record SeatsView(UUID tripId, int capacity, int taken, int offered, int available, long waiting,
			boolean cancelled) {

		static SeatsView of(Companionship.Seats seats) {
			return new SeatsView(seats.tripId().value(), seats.capacity(), seats.taken(), seats.offered(),
					seats.available(), seats.waiting(), seats.cancelled());
		}
	}

	record RosterView(SeatsView seats, List<JoinRequestView> requests) {}

	record JoinRequestList(List<JoinRequestView> items, @Nullable String nextPageToken) {}

	@PostMapping("/trips/{tripId}/join-requests")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Ask to join a trip", description = "Waits for the organizer when a seat is free, in the "
			+ "waitlist (status WAITLISTED) when none is.")
	ResponseEntity<JoinRequestView> ask(@CurrentUser UserId user, @PathVariable UUID tripId,
			@RequestBody(required = false) @Nullable Ask ask) {
		var request = companionship.request(user, new TripId(tripId), ask == null ? null : ask.message());
		return ResponseEntity.created(URI.create("/api/v1/join-requests/" + request.requestId()))
				.body(JoinRequestView.of(request));
	}

	@GetMapping("/trips/{tripId}/join-requests")
	@Operation(summary = "A trip's seats and every request to join it", description = "For the organizer only.")
	RosterView roster(@CurrentUser UserId user, @PathVariable UUID tripId) {
		var roster = companionship.roster(user, new TripId(tripId));
		return new RosterView(SeatsView.of(roster.seats()),
				roster.requests().stream().map(JoinRequestView::of).toList());
	}

	@GetMapping("/trips/{tripId}/seats")
	@SecurityRequirements
	@Operation(summary = "How many seats a published trip has left")
	ResponseEntity<SeatsView> seats(@PathVariable UUID tripId) {
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, Freshness.SEATS.cacheControl())
				.body(SeatsView.of(companionship.seats(new TripId(tripId))));
	}

	@GetMapping("/join-requests")
	@Operation(summary = "The caller's own requests, newest first", description = "Pass nextPageToken as "
			+ "pageToken for the next page.")
	JoinRequestList mine(@CurrentUser UserId user, @RequestParam(required = false) @Nullable String pageToken,
			@RequestParam(defaultValue = "20") int size) {
		var page = companionship.requestsBy(user, pageToken, size);
		return new JoinRequestList(page.requests().stream().map(JoinRequestView::of).toList(), page.nextPageToken());
	}

	@GetMapping("/join-requests/{id}")
	@Operation(summary = "One request, with its booking saga", description = "Visible to its traveler and the trip's "
			+ "organizer. On a trip with a price, `purchase` tells what the seat costs, the payment to make and by "
			+ "when, and where the payment and any refund are.")
	JoinRequestView find(@CurrentUser UserId user, @PathVariable UUID id) {
		return view(companionship.find(user, new JoinRequestId(id)));
	}

	@PostMapping("/join-requests/{id}/acceptance")
	@Operation(summary = "Accept a request (organizer)", description = "A 409 trip-full when no seat is left. On a "
			+ "trip with a price the seat is HELD for the traveler, who pays `purchase.paymentId` by "
			+ "`purchase.payBy` (see Payments); it becomes ACCEPTED once the payment is authorised, LAPSED if not.")
	JoinRequestView accept(@CurrentUser UserId user, @PathVariable UUID id) {
		return view(companionship.accept(user, new JoinRequestId(id)));
	}

	private JoinRequestView view(JoinRequest request) {
		return JoinRequestView.of(request, companionship.purchase(request).orElse(null));
	}

	@PostMapping("/join-requests/{id}/rejection")
	@Operation(summary = "Reject a request (organizer)")
	JoinRequestView reject(@CurrentUser UserId user, @PathVariable UUID id,
			@RequestBody(required = false) @Nullable Decision decision) {
		return JoinRequestView.of(companionship.reject(user, new JoinRequestId(id),
				decision == null ? null : decision.reason()));
	}

	@PostMapping("/join-requests/{id}/withdrawal")
	@Operation(summary = "Withdraw a request, or leave the trip (traveler)", description = "An accepted companion "
			+ "leaves and frees the seat, which is offered to the oldest waiting request.")
	JoinRequestView withdraw(@CurrentUser UserId user, @PathVariable UUID id) {
		return JoinRequestView.of(companionship.withdraw(user, new JoinRequestId(id)));
	}
}
