package com.yuelv.trip;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

/**
 * Everything there is to know about one trip at one version: what its page shows, what read models of other modules
 * are built from, and what the trip detail cache holds. Immutable.
 *
 * @param tripId the trip
 * @param organizerId who organizes it
 * @param status where it is in its life
 * @param title title in every language it was written in, the organizer's first language first
 * @param description description in the languages it has one, or {@code null}
 * @param destination where it goes, free text
 * @param startDate first day
 * @param endDate last day
 * @param stops the itinerary in order
 * @param seats places for companions
 * @param budget budget per person
 * @param languages languages spoken on the trip
 * @param tags lower-case tags
 * @param createdAt when it was drafted
 * @param publishedAt when it was published, {@code null} for a trip that never was
 * @param cancelledAt when it was cancelled, if it was
 * @param cancellationReason the organizer's explanation of a cancellation, if given
 * @param version the version this snapshot was taken at
 */
public record TripDetails(TripId tripId, UserId organizerId, TripStatus status, LocalizedText title,
		@Nullable LocalizedText description, String destination, LocalDate startDate, LocalDate endDate,
		List<Stop> stops, int seats, Money budget, List<String> languages, List<String> tags, Instant createdAt,
		@Nullable Instant publishedAt, @Nullable Instant cancelledAt, @Nullable String cancellationReason,
		long version) {

	public TripDetails {
		stops = List.copyOf(stops);
		languages = List.copyOf(languages);
		tags = List.copyOf(tags);
	}

	/**
	 * One itinerary stop.
	 *
	 * @param placeName the place as the organizer named it
	 * @param location where it is
	 * @param day day of the trip, 1 for its first day
	 */
	public record Stop(String placeName, GeoPoint location, int day) {}

	/** Whether anyone besides the organizer may see it: once published, also after a cancellation. */
	public boolean publiclyVisible() {
		return publishedAt != null;
	}

	/** Whether the given person, or an anonymous caller when {@code null}, may see the trip. */
	public boolean isVisibleTo(@Nullable UserId viewer) {
		return publiclyVisible() || viewer != null && viewer.equals(organizerId);
	}

	/** When others last saw the trip change: its cancellation, else its publication (public trips change no more). */
	public Instant lastPublicChange() {
		return cancelledAt != null ? cancelledAt : publishedAt != null ? publishedAt : createdAt;
	}

	/** Number of days, the first and the last included. */
	public int days() {
		return (int) (endDate.toEpochDay() - startDate.toEpochDay()) + 1;
	}
}
