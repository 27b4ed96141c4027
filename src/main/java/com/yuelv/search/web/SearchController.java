package com.yuelv.search.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.search.internal.TripSearching;
import com.yuelv.shared.Freshness;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Full-text trip search over HTTP; public. */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search")
@SecurityRequirements
class SearchController {

	private final TripSearching searching;

	SearchController(TripSearching searching) {
		this.searching = searching;
	}

	record Budget(BigDecimal amount, String currency) {}

	record TripHit(String tripId, java.util.Map<String, String> title, String destination, LocalDate startDate,
			LocalDate endDate, Budget budget, List<String> languages, float score,
			java.util.Map<String, String> highlights) {}

	record TripResults(List<TripHit> items, long total, @Nullable String nextPageToken) {}

	@GetMapping("/trips")
	@Operation(summary = "Search published trips", description = "Words of titles, descriptions, destinations and "
			+ "itinerary stops, in Chinese, Japanese, English and Korean (红叶 finds 京都红叶之旅), best match first. "
			+ "Filters: trips overlapping from–to, budget per person at most maxBudget in currency, a spoken "
			+ "language. Highlights mark matching words with <em> in HTML-escaped text. Pass nextPageToken as "
			+ "pageToken, with the same query, for the next page.")
	ResponseEntity<TripResults> search(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to,
			@RequestParam(required = false) @Nullable BigDecimal maxBudget,
			@RequestParam(required = false) @Nullable String currency,
			@RequestParam(required = false) @Nullable String language,
			@RequestParam(required = false) @Nullable String pageToken,
			@RequestParam(defaultValue = "20") int size) {
		var results = searching.search(q, from, to, maxBudget, currency, language, pageToken, size);
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, Freshness.FINDINGS.cacheControl())
				.body(new TripResults(results.hits().stream()
						.map(hit -> new TripHit(hit.tripId(), hit.title(), hit.destination(), hit.startDate(),
								hit.endDate(), new Budget(hit.budgetAmount(), hit.budgetCurrency()), hit.languages(),
								hit.score(), hit.highlights()))
						.toList(), results.total(), results.nextPageToken()));
	}
}
