package com.yuelv.search.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One page of search results.
 *
 * @param hits the trips, best first
 * @param total how many trips match in all; counted exactly up to 1,000, a lower bound beyond
 * @param last the sort key of the last hit, when there may be more
 */
public record TripHits(List<Hit> hits, long total, TripSearch.@Nullable After last) {

	/**
	 * A matching trip.
	 *
	 * @param highlights per field (title, description, stops, destination), the passages that matched, with the
	 *     matching words in {@code <em>}; the text is HTML-escaped
	 */
	public record Hit(String tripId, Map<String, String> title, String destination, LocalDate startDate, LocalDate endDate,
			BigDecimal budgetAmount, String budgetCurrency, List<String> languages, float score,
			Map<String, String> highlights) {}
}
