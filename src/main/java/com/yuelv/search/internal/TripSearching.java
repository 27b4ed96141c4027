package com.yuelv.search.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.yuelv.shared.Dependencies;
import com.yuelv.shared.LanguageTag;
import com.yuelv.shared.Money;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;

/**
 * Searching trips: checks what the caller sent, runs the search and issues the token of the next page. A page token
 * is signed and bound to its query and filters, so it cannot be altered nor carried over to another search. The index
 * is a guarded dependency ({@value #INDEX}): while it fails, is too slow or is overrun, a search asked for in the last
 * ten minutes is answered as it was then, marked as degraded; any other is refused as unavailable.
 */
@Service
public class TripSearching {

	public static final int MAX_QUERY_LENGTH = 200;
	public static final int MAX_PAGE_SIZE = 50;
	private static final String LISTING = "trip-search";

	/** The name under which the index is guarded as a dependency (configuration, metrics, the degraded header). */
	static final String INDEX = "search-index";

	private final TripIndex index;
	private final PageTokens pageTokens;
	private final Dependencies dependencies;
	/** Recent answers, served (marked as degraded) while the index fails or is overrun. */
	private final Cache<String, Results> recentAnswers = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterWrite(Duration.ofMinutes(10))
			.build();

	TripSearching(TripIndex index, PageTokens pageTokens, Dependencies dependencies) {
		this.index = index;
		this.pageTokens = pageTokens;
		this.dependencies = dependencies;
	}

	/** A page of results and the token of the next one, absent on the last page. */
	public record Results(List<TripHits.Hit> hits, long total, @Nullable String nextPageToken) {}

	public Results search(@Nullable String q, @Nullable LocalDate from, @Nullable LocalDate to,
			@Nullable BigDecimal maxBudget, @Nullable String currency, @Nullable String language,
			@Nullable String pageToken, int size) {
		var text = PlainText.check("q", q, MAX_QUERY_LENGTH, false);
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		if (from != null && to != null && to.isBefore(from)) {
			throw Rejection.invalid("to", "after-from", "must not be before from");
		}
		Money ceiling = null;
		if (maxBudget != null) {
			if (currency == null) {
				throw Rejection.invalid("currency", "required", "must be given with maxBudget");
			}
			ceiling = Money.parse("maxBudget", maxBudget, currency);
		}
		var lang = language == null ? null : LanguageTag.parse("language", language).value().split("-", 2)[0]
				.toLowerCase(java.util.Locale.ROOT);
		var fingerprint = fingerprint(text, from, to, ceiling, lang, size);
		TripSearch.After after = null;
		if (pageToken != null) {
			var key = pageTokens.read("pageToken", LISTING, 3, pageToken);
			if (!key.get(0).equals(fingerprint)) {
				throw Rejection.invalid("pageToken", "page-token", "belongs to another search");
			}
			try {
				after = new TripSearch.After(Float.intBitsToFloat(Integer.parseInt(key.get(1))), key.get(2));
			}
			catch (NumberFormatException e) {
				throw Rejection.invalid("pageToken", "page-token", "is not a page token issued by this listing");
			}
		}
		var search = new TripSearch(text, from, to, ceiling == null ? null : ceiling.amount(),
				ceiling == null ? null : ceiling.currency(), lang, after, size);
		var answerKey = fingerprint + "|" + Objects.toString(pageToken, "");
		return dependencies.call(INDEX, () -> {
			var hits = index.search(search);
			var next = hits.last() == null ? null : pageTokens.issue(LISTING, List.of(fingerprint,
					Integer.toString(Float.floatToIntBits(hits.last().score())), hits.last().tripId()));
			var results = new Results(hits.hits(), hits.total(), next);
			recentAnswers.put(answerKey, results);
			return results;
		}, () -> Optional.ofNullable(recentAnswers.getIfPresent(answerKey)));
	}

	/** Removes a withdrawn trip from the index, and forgets the recent answers that may show it. */
	void withdraw(com.yuelv.trip.TripId trip) {
		if (index.withdraw(trip)) {
			recentAnswers.invalidateAll();
		}
	}

	private static String fingerprint(String text, @Nullable LocalDate from, @Nullable LocalDate to,
			@Nullable Money ceiling, @Nullable String language, int size) {
		var parts = String.join("\u001f", text, Objects.toString(from), Objects.toString(to),
				ceiling == null ? "" : ceiling.amount().toPlainString() + ceiling.currency(),
				Objects.toString(language), Integer.toString(size));
		try {
			var digest = java.security.MessageDigest.getInstance("SHA-256").digest(parts.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
