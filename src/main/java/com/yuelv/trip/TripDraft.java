package com.yuelv.trip;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A trip as its organizer describes it, before any rule is checked: the input of drafting and revising. Anything may
 * be missing or wrong; the trip module refuses it with the name of the first field that breaks a rule.
 *
 * @param title title per BCP 47 language tag; at least one
 * @param description description per language; each needs a title in the same language
 * @param destination where the trip goes, free text
 * @param startDate first day, not in the past
 * @param endDate last day, not before the first, at most 365 days later
 * @param stops the itinerary in the order of its days
 * @param seats places for companions, 1 to 100
 * @param budgetAmount budget per person
 * @param budgetCurrency ISO 4217 code of the budget
 * @param languages languages spoken on the trip
 * @param tags free tags, compared case-insensitively
 */
public record TripDraft(@Nullable Map<String, String> title, @Nullable Map<String, String> description,
		@Nullable String destination, @Nullable LocalDate startDate, @Nullable LocalDate endDate,
		@Nullable List<@Nullable Stop> stops, @Nullable Integer seats, @Nullable BigDecimal budgetAmount,
		@Nullable String budgetCurrency, @Nullable List<String> languages, @Nullable List<String> tags) {

	/**
	 * One itinerary stop.
	 *
	 * @param placeName name of the place
	 * @param latitude WGS 84 latitude
	 * @param longitude WGS 84 longitude
	 * @param day day of the trip, 1 for its first day
	 */
	public record Stop(@Nullable String placeName, @Nullable Double latitude, @Nullable Double longitude,
			@Nullable Integer day) {}
}
