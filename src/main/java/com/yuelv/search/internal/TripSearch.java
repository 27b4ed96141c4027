package com.yuelv.search.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;

import org.jspecify.annotations.Nullable;

/**
 * A checked search: what the user typed, the filters, and where the page starts.
 *
 * @param text the query text
 * @param from trips that end on or after this day
 * @param to trips that start on or before this day
 * @param maxBudget the budget per person at most, in {@code currency}
 * @param currency the currency of {@code maxBudget}
 * @param language a language spoken on the trip (primary subtag, such as zh)
 * @param after the sort key of the last hit of the previous page
 * @param size hits per page
 */
record TripSearch(String text, @Nullable LocalDate from, @Nullable LocalDate to, @Nullable BigDecimal maxBudget,
		@Nullable Currency currency, @Nullable String language, @Nullable After after, int size) {

	/** Where the previous page ended: its last hit's score and trip id. */
	record After(float score, String tripId) {}
}
