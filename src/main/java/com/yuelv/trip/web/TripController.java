package com.yuelv.trip.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.ExpectedVersions;
import com.yuelv.shared.Freshness;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripStatus;
import com.yuelv.trip.internal.Trip;
import com.yuelv.trip.internal.TripCatalog;
import com.yuelv.trip.internal.TripPlanning;
import com.yuelv.trip.internal.TripQuery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Trips over HTTP: organizers draft, revise, publish and cancel; anyone reads and lists published trips.
 */
@RestController
@RequestMapping("/api/v1/trips")
@Tag(name = "Trips")
class TripController {

	private final TripPlanning planning;
	private final TripCatalog catalog;

	TripController(TripPlanning planning, TripCatalog catalog) {
		this.planning = planning;
		this.catalog = catalog;
	}

	record MoneyBody(@Nullable BigDecimal amount, @Nullable String currency) {}

	record StopBody(@Nullable String placeName, @Nullable Double latitude, @Nullable Double longitude,
			@Nullable Integer day) {}

	record TripBody(@Nullable Map<String, String> title, @Nullable Map<String, String> description,
			@Nullable String destination, @Nullable LocalDate startDate, @Nullable LocalDate endDate,
			@Nullable List<@Nullable StopBody> stops, @Nullable Integer seats, @Nullable MoneyBody budget,
			@Nullable List<String> languages, @Nullable List<String> tags) {

		TripDraft toDraft() {
			return new TripDraft(title, description, destination, startDate, endDate,
					stops == null ? null : stops.stream()
							.map(it -> it == null ? null
									: new TripDraft.Stop(it.placeName(), it.latitude(), it.longitude(), it.day()))
							.toList(),
					seats, budget == null ? null : budget.amount(), budget == null ? null : budget.currency(),
					languages, tags);
		}
	}

	record TripRevision(@NotNull Long version, @NotNull @Valid TripBody trip) {}

	record Cancellation(@Nullable String reason) {}

	record StopView(String placeName, double latitude, double longitude, int day) {

		static StopView of(TripDetails.Stop stop) {
			return new StopView(stop.placeName(), stop.location().latitude(), stop.location().longitude(), stop.day());
		}
	}

	record MoneyView(BigDecimal amount, String currency) {}

	record TripView(UUID id, UUID organizerId, TripStatus status, Map<String, String> title,
			@Nullable Map<String, String> description, String destination, LocalDate startDate, LocalDate endDate,
			int days, List<StopView> stops, int seats, MoneyView budget, List<String> languages, List<String> tags,
			Instant createdAt, @Nullable Instant publishedAt, @Nullable Instant cancelledAt,
			@Nullable String cancellationReason, long version) {

		static TripView of(Trip trip) {
			return of(trip.details());
		}

		static TripView of(TripDetails trip) {
			var description = trip.description();
			return new TripView(trip.tripId().value(), trip.organizerId().value(), trip.status(),
					trip.title().values(), description == null ? null : description.values(), trip.destination(),
					trip.startDate(), trip.endDate(), trip.days(), trip.stops().stream().map(StopView::of).toList(),
					trip.seats(),
					new MoneyView(trip.budget().amount(), trip.budget().currency().getCurrencyCode()),
					trip.languages(), trip.tags(), trip.createdAt(), trip.publishedAt(), trip.cancelledAt(),
					trip.cancellationReason(), trip.version());
		}
	}

	record TripList(List<TripView> items, @Nullable String nextPageToken) {}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Draft a trip")
	ResponseEntity<TripView> draft(@CurrentUser UserId user, @RequestBody TripBody body) {
		var trip = planning.draft(user, body.toDraft());
		return ResponseEntity.created(URI.create("/api/v1/trips/" + trip.tripId()))
				.eTag(etag(trip)).body(TripView.of(trip));
	}

	@PutMapping("/{id}")
	@Operation(summary = "Revise a draft", description = "Send the version you read; a stale version is a 409. "
			+ "With If-Match (the ETag you read), a trip at another version is a 412.")
	ResponseEntity<TripView> revise(@CurrentUser UserId user, @PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody TripRevision revision) {
		var trip = planning.revise(user, new TripId(id), ExpectedVersions.ifMatch(ifMatch),
				revision.version(), revision.trip().toDraft());
		return ResponseEntity.ok().eTag(etag(trip)).body(TripView.of(trip));
	}

	@PostMapping("/{id}/publication")
	@Operation(summary = "Publish a draft", description = "With If-Match (the ETag you read), a trip at another "
			+ "version is a 412.")
	ResponseEntity<TripView> publish(@CurrentUser UserId user, @PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		var trip = planning.publish(user, new TripId(id), ExpectedVersions.ifMatch(ifMatch));
		return ResponseEntity.ok().eTag(etag(trip)).body(TripView.of(trip));
	}

	@PostMapping("/{id}/cancellation")
	@Operation(summary = "Cancel a trip", description = "With If-Match (the ETag you read), a trip at another "
			+ "version is a 412.")
	ResponseEntity<TripView> cancel(@CurrentUser UserId user, @PathVariable UUID id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Valid @RequestBody(required = false) @Nullable Cancellation cancellation) {
		var trip = planning.cancel(user, new TripId(id), ExpectedVersions.ifMatch(ifMatch),
				cancellation == null ? null : cancellation.reason());
		return ResponseEntity.ok().eTag(etag(trip)).body(TripView.of(trip));
	}

	@GetMapping("/{id}")
	@SecurityRequirements
	@Operation(summary = "Read a trip", description = "Drafts are visible to their organizer only. A trip that was "
			+ "published is the same for everyone and may be kept by caches (Cache-Control); a draft is private.")
	ResponseEntity<TripView> read(@CurrentUser @Nullable UserId viewer, @PathVariable UUID id) {
		var trip = catalog.find(new TripId(id), viewer);
		var answer = ResponseEntity.ok().eTag(etag(trip));
		if (trip.isVisibleTo(null)) {
			answer.header(HttpHeaders.CACHE_CONTROL, Freshness.TRIPS.cacheControl());
		}
		return answer.body(TripView.of(trip));
	}

	@GetMapping
	@SecurityRequirements
	@Operation(summary = "List published trips", description = "Ordered by start date; pass nextPageToken as "
			+ "pageToken for the next page.")
	ResponseEntity<TripList> list(@RequestParam(required = false) @Nullable String destination,
			@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to,
			@RequestParam(required = false) @Nullable BigDecimal maxBudget,
			@RequestParam(required = false) @Nullable String currency,
			@RequestParam(required = false) @Nullable String language,
			@RequestParam(required = false) @Nullable String tag,
			@RequestParam(required = false) @Nullable String pageToken,
			@RequestParam(defaultValue = "20") int size) {
		var page = catalog.published(new TripQuery(destination, from, to, maxBudget, currency, language, tag),
				pageToken, size);
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, Freshness.TRIPS.cacheControl())
				.body(new TripList(page.trips().stream().map(TripView::of).toList(), page.nextPageToken()));
	}

	private static String etag(Trip trip) {
		return etag(trip.version());
	}

	private static String etag(TripDetails trip) {
		return etag(trip.version());
	}

	private static String etag(long version) {
		return "\"" + version + "\"";
	}
}
