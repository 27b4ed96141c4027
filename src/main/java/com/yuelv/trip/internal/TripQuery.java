package com.yuelv.trip.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * Filters for listing published trips; every filter is optional.
 *
 * @param destination text contained in the destination, case-insensitive
 * @param from trips still running on or after this day
 * @param to trips starting on or before this day
 * @param maxBudget budget per person at most this much, in {@code currency}
 * @param currency the currency of {@code maxBudget}; trips priced in other currencies are not compared
 * @param language a language spoken on the trip (a primary tag such as {@code ja} also matches {@code ja-JP})
 * @param tag a tag of the trip
 */
public record TripQuery(@Nullable String destination, @Nullable LocalDate from, @Nullable LocalDate to,
		@Nullable BigDecimal maxBudget, @Nullable String currency, @Nullable String language, @Nullable String tag) {}
