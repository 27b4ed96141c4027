package com.yuelv.geo.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.LanguageTag;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;

/**
 * Place lookup by id and autocomplete by prefix, in the reader's language, served through the two-level cache
 * ({@value #CACHE}).
 */
@Service
public class PlaceLookup {

	static final String CACHE = "places";
	static final int MAX_SUGGESTIONS = 20;
	private static final Set<String> LOCALIZED = Set.of("zh", "ja", "ko", "th");

	private final PlaceCatalog catalog;

	PlaceLookup(PlaceCatalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * A place as a reader sees it.
	 *
	 * @param id GeoNames id
	 * @param name the name in the reader's language, or the GeoNames name when the data has none in it
	 * @param internationalName the GeoNames name (Latin script)
	 * @param country ISO 3166 country code
	 * @param latitude WGS 84
	 * @param longitude WGS 84
	 * @param population inhabitants, 0 when unknown
	 * @param timeZone IANA time zone
	 * @param names every name by script: han, ja, ko, th, en
	 */
	public record PlaceView(long id, String name, String internationalName, String country, double latitude,
			double longitude, long population, String timeZone, Map<String, List<String>> names) {

		static PlaceView of(Place place, String language) {
			return new PlaceView(place.id(), place.nameIn(language), place.name(), place.country(),
					place.location().latitude(), place.location().longitude(), place.population(), place.timeZone(),
					place.names());
		}
	}

	/** A place found by a prefix, with the name the prefix matched. */
	public record Suggestion(PlaceView place, String matchedName) {}

	public record Suggestions(List<Suggestion> items) {}

	@Cacheable(cacheNames = CACHE, key = "'id:' + #id + ':' + #root.target.language(#language)", sync = true)
	public PlaceView find(long id, @Nullable String language) {
		return catalog.find(id).map(place -> PlaceView.of(place, language(language)))
				.orElseThrow(() -> Rejection.notFound("place-not-found", "No place " + id));
	}

	@Cacheable(cacheNames = CACHE,
			key = "'prefix:' + #root.target.language(#language) + ':' + #limit + ':' + #root.target.key(#prefix)",
			sync = true)
	public Suggestions suggest(String prefix, @Nullable String language, int limit) {
		if (limit < 1 || limit > MAX_SUGGESTIONS) {
			throw Rejection.invalid("limit", "range", "must be between 1 and " + MAX_SUGGESTIONS);
		}
		var lang = language(language);
		return new Suggestions(catalog.startingWith(key(prefix), limit).stream()
				.map(match -> new Suggestion(PlaceView.of(match.place(), lang), match.matchedName()))
				.toList());
	}

	/** The great-circle distance between two points in kilometres, on a sphere of the Earth's mean radius. */
	public static double distanceKm(GeoPoint from, GeoPoint to) {
		var lat1 = Math.toRadians(from.latitude());
		var lat2 = Math.toRadians(to.latitude());
		var dLat = lat2 - lat1;
		var dLon = Math.toRadians(to.longitude() - from.longitude());
		var a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
				+ Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
	}

	static final double EARTH_RADIUS_KM = 6371.0088;

	/** The language whose names a reader gets: zh, ja, ko or th, and the GeoNames name for any other. */
	public String language(@Nullable String tag) {
		if (tag == null) {
			return "en";
		}
		var language = LanguageTag.parse("language", tag).value().split("-", 2)[0];
		return LOCALIZED.contains(language) ? language : "en";
	}

	/** A typed prefix, checked: what the cache keys on and the catalog searches for. */
	public String key(String prefix) {
		var text = PlainText.check("prefix", prefix, 100, false);
		var key = PlaceCatalog.normalize(text);
		if (key.isEmpty()) {
			throw Rejection.invalid("prefix", "not-blank", "must contain a letter");
		}
		return key;
	}
}
