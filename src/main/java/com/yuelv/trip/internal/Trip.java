package com.yuelv.trip.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.OptimisticLock;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripWithdrawn;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripPublished;
import com.yuelv.trip.TripStatus;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A trip an organizer offers to companions. Changes only as a draft; publication and cancellation are announced as
 * events. Guarded by an optimistic version: a change based on an old version is refused, never applied over a newer
 * one. Its collections are small and always shown with it, so they load with it (in batches for listings). They are
 * left out of the version check because every change also sets {@code updatedAt}: one change, one version.
 */
@AggregateRoot
@Entity
@Table(name = "trips", schema = "trip")
public class Trip extends AbstractAggregateRoot<Trip> {

	@Id
	@Identity
	private UUID id;

	@Column(name = "organizer_id", nullable = false)
	private UUID organizerId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private TripStatus status;

	@Column(name = "primary_language", nullable = false)
	private String primaryLanguage;

	@PersonalData(Grade.CONTENT)
	@ElementCollection(fetch = FetchType.EAGER)
	@OptimisticLock(excluded = true)
	@CollectionTable(name = "trip_texts", schema = "trip", joinColumns = @JoinColumn(name = "trip_id"))
	@MapKeyColumn(name = "language")
	@BatchSize(size = 50)
	private Map<String, TripText> texts = new HashMap<>();

	@Column(nullable = false)
	private String destination;

	@Column(name = "start_date", nullable = false)
	private LocalDate startDate;

	@Column(name = "end_date", nullable = false)
	private LocalDate endDate;

	@ElementCollection(fetch = FetchType.EAGER)
	@OptimisticLock(excluded = true)
	@CollectionTable(name = "trip_stops", schema = "trip", joinColumns = @JoinColumn(name = "trip_id"))
	@OrderColumn(name = "ordinal")
	@BatchSize(size = 50)
	private List<ItineraryStop> stops = new ArrayList<>();

	@Column(nullable = false)
	private int seats;

	@Column(name = "budget_amount", nullable = false)
	private BigDecimal budgetAmount;

	@Column(name = "budget_currency", nullable = false)
	private String budgetCurrency;

	@ElementCollection(fetch = FetchType.EAGER)
	@OptimisticLock(excluded = true)
	@CollectionTable(name = "trip_languages", schema = "trip", joinColumns = @JoinColumn(name = "trip_id"))
	@OrderColumn(name = "ordinal")
	@Column(name = "language")
	@BatchSize(size = 50)
	private List<String> languages = new ArrayList<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@OptimisticLock(excluded = true)
	@CollectionTable(name = "trip_tags", schema = "trip", joinColumns = @JoinColumn(name = "trip_id"))
	@OrderColumn(name = "ordinal")
	@Column(name = "tag")
	@BatchSize(size = 50)
	private List<String> tags = new ArrayList<>();

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** Set by every change, so that each change bumps the version exactly once (collections do not). */
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "published_at")
	private @Nullable Instant publishedAt;

	@Column(name = "cancelled_at")
	private @Nullable Instant cancelledAt;

	@Column(name = "cancellation_reason")
	private @Nullable String cancellationReason;

	/**
	 * {@code null} until first stored, which is how Spring Data tells a new aggregate from a stored one. Not named
	 * {@code version}: Spring Data would read it through {@link #version()}, which answers 0 for a new trip.
	 */
	@Version
	@Column(name = "version")
	private @Nullable Long storedVersion;

	protected Trip() {}

	private Trip(UserId organizer, TripPlan plan, Instant now) {
		this.id = UUID.randomUUID();
		this.organizerId = organizer.value();
		this.status = TripStatus.DRAFT;
		this.createdAt = now;
		apply(plan, now);
	}

	static Trip draft(UserId organizer, TripPlan plan, Instant now) {
		return new Trip(organizer, plan, now);
	}

	void revise(TripPlan plan, Instant now) {
		if (status != TripStatus.DRAFT) {
			throw Rejection.conflict("trip-not-draft", "Only a draft can be changed; this trip is " + status + ".");
		}
		apply(plan, now);
	}

	void publish(LocalDate earliestStart, Instant now) {
		if (status != TripStatus.DRAFT) {
			throw Rejection.conflict("trip-not-draft", "Only a draft can be published; this trip is " + status + ".");
		}
		if (startDate.isBefore(earliestStart)) {
			throw Rejection.conflict("trip-in-past", "The trip's start date has passed; change it before publishing.");
		}
		this.status = TripStatus.PUBLISHED;
		this.publishedAt = now;
		this.updatedAt = now;
		registerEvent(new TripPublished(UUID.randomUUID(), now, details(version() + 1)));
	}

	void cancel(@Nullable String reason, Instant now) {
		if (status == TripStatus.CANCELLED) {
			throw Rejection.conflict("trip-cancelled", "The trip is already cancelled.");
		}
		var wasPublished = status == TripStatus.PUBLISHED;
		this.status = TripStatus.CANCELLED;
		this.cancelledAt = now;
		this.cancellationReason = reason;
		this.updatedAt = now;
		registerEvent(new TripCancelled(UUID.randomUUID(), now, details(version() + 1), wasPublished));
	}

	/**
	 * The trip goes with its organizer's account: one still open to companions is cancelled first (so that they are
	 * released and refunded), and a trip anyone could see is announced as withdrawn, so that its copies go too. The
	 * caller deletes it once it is saved.
	 */
	void withdraw(String reason, Instant now) {
		if (status == TripStatus.PUBLISHED) {
			cancel(reason, now);
		}
		if (isPublic()) {
			registerEvent(new TripWithdrawn(UUID.randomUUID(), now, tripId()));
		}
	}

	private void apply(TripPlan plan, Instant now) {
		this.updatedAt = now;
		this.primaryLanguage = plan.title().values().keySet().iterator().next();
		this.texts.clear();
		plan.title().values().forEach((language, title) -> texts.put(language, new TripText(title,
				plan.description() == null ? null : plan.description().values().get(language))));
		this.destination = plan.destination();
		this.startDate = plan.startDate();
		this.endDate = plan.endDate();
		this.stops.clear();
		this.stops.addAll(plan.stops());
		this.seats = plan.seats();
		this.budgetAmount = plan.budget().amount();
		this.budgetCurrency = plan.budget().currency().getCurrencyCode();
		this.languages.clear();
		this.languages.addAll(plan.languages());
		this.tags.clear();
		this.tags.addAll(plan.tags());
	}

	public TripId tripId() {
		return new TripId(id);
	}

	public UserId organizer() {
		return new UserId(organizerId);
	}

	public boolean isOrganizedBy(UserId user) {
		return organizerId.equals(user.value());
	}

	/** Whether anyone besides the organizer may see it: once published, also after a cancellation. */
	public boolean isPublic() {
		return publishedAt != null;
	}

	/** Whether the given person, or an anonymous caller when {@code null}, may see the trip. */
	public boolean isVisibleTo(@Nullable UserId viewer) {
		return isPublic() || viewer != null && isOrganizedBy(viewer);
	}

	public TripStatus status() {
		return status;
	}

	public LocalizedText title() {
		return localized(TripText::title);
	}

	public @Nullable LocalizedText description() {
		var described = texts.values().stream().anyMatch(text -> text.description() != null);
		return described ? localized(TripText::description) : null;
	}

	private LocalizedText localized(java.util.function.Function<TripText, @Nullable String> part) {
		var values = new LinkedHashMap<String, String>();
		var primary = part.apply(texts.get(primaryLanguage));
		if (primary != null) {
			values.put(primaryLanguage, primary);
		}
		texts.entrySet().stream()
				.sorted(Map.Entry.comparingByKey())
				.forEach(entry -> {
					var value = part.apply(entry.getValue());
					if (value != null) {
						values.putIfAbsent(entry.getKey(), value);
					}
				});
		return new LocalizedText(values);
	}

	public String destination() {
		return destination;
	}

	public LocalDate startDate() {
		return startDate;
	}

	public LocalDate endDate() {
		return endDate;
	}

	public List<ItineraryStop> stops() {
		return List.copyOf(stops);
	}

	public int seats() {
		return seats;
	}

	public Money budget() {
		var currency = Currency.getInstance(budgetCurrency);
		// stored with a fixed scale of 4; give it back with the currency's own number of decimals
		return new Money(budgetAmount.setScale(Math.max(currency.getDefaultFractionDigits(), 0),
				java.math.RoundingMode.UNNECESSARY), currency);
	}

	public List<String> languages() {
		return List.copyOf(languages);
	}

	public List<String> tags() {
		return List.copyOf(tags);
	}

	public Instant createdAt() {
		return createdAt;
	}

	public @Nullable Instant publishedAt() {
		return publishedAt;
	}

	public @Nullable Instant cancelledAt() {
		return cancelledAt;
	}

	public @Nullable String cancellationReason() {
		return cancellationReason;
	}

	/** The version the trip was stored with: 0 for the first. */
	public long version() {
		return storedVersion == null ? 0 : storedVersion;
	}

	/** The trip as it is now; call after it was stored, so that the version is the stored one. */
	public TripDetails details() {
		return details(version());
	}

	private TripDetails details(long atVersion) {
		return new TripDetails(tripId(), organizer(), status, title(), description(), destination, startDate, endDate,
				stops.stream().map(stop -> new TripDetails.Stop(stop.placeName(), stop.location(), stop.day())).toList(),
				seats, budget(), languages, tags, createdAt, publishedAt, cancelledAt, cancellationReason, atVersion);
	}
}
