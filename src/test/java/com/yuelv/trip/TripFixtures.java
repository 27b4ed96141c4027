package com.yuelv.trip;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

/** Trips as other modules receive them, for tests that publish trip events without the trip module. */
public final class TripFixtures {

	private TripFixtures() {}

	/** A trip to Kyoto published just now, titled in one language, with the given number of seats. */
	public static TripDetails published(UserId organizer, String language, String title, int seats) {
		var start = LocalDate.now().plusDays(30);
		return new TripDetails(new TripId(UUID.randomUUID()), organizer, TripStatus.PUBLISHED,
				new LocalizedText(Map.of(language, title)), null, "京都", start, start.plusDays(3),
				List.of(new TripDetails.Stop("清水寺", new GeoPoint(34.9949, 135.785), 1)), seats,
				new Money(new BigDecimal("3000.00"), Currency.getInstance("CNY")), List.of(language), List.of(),
				Instant.now(), Instant.now(), null, null, 2);
	}

	/** The same trip, cancelled just now at its next version. */
	public static TripDetails cancelled(TripDetails trip) {
		return new TripDetails(trip.tripId(), trip.organizerId(), TripStatus.CANCELLED, trip.title(),
				trip.description(), trip.destination(), trip.startDate(), trip.endDate(), trip.stops(), trip.seats(),
				trip.budget(), trip.languages(), trip.tags(), trip.createdAt(), trip.publishedAt(), Instant.now(),
				null, trip.version() + 1);
	}

	public static TripPublished publication(TripDetails trip) {
		return new TripPublished(UUID.randomUUID(), Instant.now(), trip);
	}
}
