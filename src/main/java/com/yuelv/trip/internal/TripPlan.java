package com.yuelv.trip.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jmolecules.ddd.annotation.ValueObject;
import org.jspecify.annotations.Nullable;

import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.LanguageTag;
import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.trip.TripDraft;

/**
 * Everything an organizer decides about a trip, validated as a whole. Only a valid plan can be put into a
 * {@link Trip}; every rule names the request field that broke it.
 */
@ValueObject
public record TripPlan(LocalizedText title, @Nullable LocalizedText description, String destination,
		LocalDate startDate, LocalDate endDate, List<ItineraryStop> stops, int seats, Money budget,
		List<String> languages, List<String> tags) {

	static final int MAX_TRIP_DAYS = 365;
	static final int MAX_SEATS = 100;
	static final int MAX_STOPS = 200;
	static final int MAX_YEARS_AHEAD = 3;

	public TripPlan {
		stops = List.copyOf(stops);
		languages = List.copyOf(languages);
		tags = List.copyOf(tags);
	}

	/** Number of days the trip lasts, counting first and last. */
	public int days() {
		return (int) ChronoUnit.DAYS.between(startDate, endDate) + 1;
	}

	/**
	 * Checks a draft.
	 *
	 * @param draft what the organizer sent
	 * @param earliestStart the first start date that is not in the past anywhere on Earth
	 */
	static TripPlan of(TripDraft draft, LocalDate earliestStart) {
		var title = java.util.Objects.requireNonNull(texts("title", draft.title(), 120, true, false));
		var description = texts("description", draft.description(), 5000, false, true);
		if (description != null) {
			description.values().keySet().stream()
					.filter(language -> !title.values().containsKey(language))
					.findFirst()
					.ifPresent(language -> {
						throw Rejection.invalid("description." + language, "title-language",
								"a description needs a title in the same language");
					});
		}
		var destination = text("destination", draft.destination(), 200);

		var start = required("startDate", draft.startDate());
		var end = required("endDate", draft.endDate());
		if (start.isBefore(earliestStart)) {
			throw Rejection.invalid("startDate", "not-past", "must not be in the past");
		}
		if (start.isAfter(earliestStart.plusYears(MAX_YEARS_AHEAD))) {
			throw Rejection.invalid("startDate", "max-future",
					"must be within %d years from today".formatted(MAX_YEARS_AHEAD));
		}
		if (end.isBefore(start)) {
			throw Rejection.invalid("endDate", "after-start", "must not be before startDate");
		}
		var days = ChronoUnit.DAYS.between(start, end) + 1;
		if (days > MAX_TRIP_DAYS) {
			throw Rejection.invalid("endDate", "max-duration", "a trip lasts at most %d days".formatted(MAX_TRIP_DAYS));
		}

		int seats = required("seats", draft.seats());
		if (seats < 1) {
			throw Rejection.invalid("seats", "min", "must be at least 1");
		}
		if (seats > MAX_SEATS) {
			throw Rejection.invalid("seats", "max", "must be at most " + MAX_SEATS);
		}
		var budget = Money.parse("budget", draft.budgetAmount(), draft.budgetCurrency());

		var stops = stops(draft.stops(), days);
		var languages = languages(draft.languages());
		var tags = tags(draft.tags());

		return new TripPlan(title, description, destination, start, end, stops, seats, budget, languages, tags);
	}

	private static @Nullable LocalizedText texts(String field, @Nullable Map<String, String> values, int maxLength,
			boolean required, boolean multiline) {
		if (values == null || values.isEmpty()) {
			if (required) {
				throw Rejection.invalid(field, "required", "needs a text in at least one language");
			}
			return null;
		}
		if (values.size() > 10) {
			throw Rejection.invalid(field, "max-languages", "at most 10 languages");
		}
		var canonical = new LinkedHashMap<String, String>();
		values.forEach((language, text) -> {
			var entry = field + "." + language;
			var tag = LanguageTag.parse(entry, language).value();
			if (canonical.putIfAbsent(tag, PlainText.check(entry, text, maxLength, multiline)) != null) {
				throw Rejection.invalid(entry, "duplicate-language", "language given twice");
			}
		});
		return new LocalizedText(canonical);
	}

	private static String text(String field, @Nullable String value, int maxLength) {
		return PlainText.check(field, value, maxLength, false);
	}

	private static <T> T required(String field, @Nullable T value) {
		if (value == null) {
			throw Rejection.invalid(field, "required", "must be given");
		}
		return value;
	}

	private static List<ItineraryStop> stops(@Nullable List<TripDraft.@Nullable Stop> drafts, long days) {
		if (drafts == null || drafts.isEmpty()) {
			throw Rejection.invalid("stops", "required", "an itinerary needs at least one stop");
		}
		if (drafts.size() > MAX_STOPS) {
			throw Rejection.invalid("stops", "max-size", "at most %d stops".formatted(MAX_STOPS));
		}
		var stops = new ArrayList<ItineraryStop>();
		var previousDay = 1;
		for (int i = 0; i < drafts.size(); i++) {
			var field = "stops[%d]".formatted(i);
			var draft = drafts.get(i);
			if (draft == null) {
				throw Rejection.invalid(field, "required", "must not be null");
			}
			var name = text(field + ".placeName", draft.placeName(), 200);
			var location = GeoPoint.parse(field, draft.latitude(), draft.longitude());
			int day = required(field + ".day", draft.day());
			if (day < 1 || day > days) {
				throw Rejection.invalid(field + ".day", "within-trip",
						"must be between 1 and %d, the trip's number of days".formatted(days));
			}
			if (day < previousDay) {
				throw Rejection.invalid(field + ".day", "chronological", "stops must be in the order of their days");
			}
			previousDay = day;
			stops.add(new ItineraryStop(name, location, day));
		}
		return stops;
	}

	private static List<String> languages(@Nullable List<String> values) {
		if (values == null || values.isEmpty()) {
			throw Rejection.invalid("languages", "required", "name at least one language spoken on the trip");
		}
		if (values.size() > 10) {
			throw Rejection.invalid("languages", "max-size", "at most 10 languages");
		}
		var tags = new ArrayList<String>();
		for (int i = 0; i < values.size(); i++) {
			var tag = LanguageTag.parse("languages[%d]".formatted(i), values.get(i)).value();
			if (!tags.contains(tag)) {
				tags.add(tag);
			}
		}
		return tags;
	}

	private static List<String> tags(@Nullable List<String> values) {
		if (values == null) {
			return List.of();
		}
		if (values.size() > 10) {
			throw Rejection.invalid("tags", "max-size", "at most 10 tags");
		}
		var tags = new ArrayList<String>();
		for (int i = 0; i < values.size(); i++) {
			var field = "tags[%d]".formatted(i);
			var value = values.get(i);
			// lower-cased before the length check: lower case can be longer ("İ" becomes "i̇")
			var tag = text(field, value == null ? null : value.toLowerCase(Locale.ROOT), 30);
			if (!tags.contains(tag)) {
				tags.add(tag);
			}
		}
		return tags;
	}
}
