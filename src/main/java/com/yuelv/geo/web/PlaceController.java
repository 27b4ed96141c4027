package com.yuelv.geo.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.geo.internal.NearbyTrips;
import com.yuelv.geo.internal.PlaceLookup;
import com.yuelv.shared.Freshness;
import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.Rejection;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Places, distance and trips nearby over HTTP; all public.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Places")
@SecurityRequirements
class PlaceController {

	private final PlaceLookup places;
	private final NearbyTrips nearby;

	PlaceController(PlaceLookup places, NearbyTrips nearby) {
		this.places = places;
		this.nearby = nearby;
	}

	record Distance(Point from, Point to, double kilometers) {}

	record Point(double latitude, double longitude) {}

	record NearbyList(List<NearbyTrips.NearbyTrip> items) {}

	@GetMapping("/places")
	@Operation(summary = "Autocomplete places by a prefix of any of their names", description = "Chinese, Japanese, "
			+ "Korean, Thai and Latin names all match (京都, きょうと and Kyoto find the same city). Most populous "
			+ "first. `language` picks the name shown: zh, ja, ko, th; any other language gets the international name.")
	ResponseEntity<PlaceLookup.Suggestions> suggest(@RequestParam String prefix,
			@RequestParam(required = false) @Nullable String language, @RequestParam(defaultValue = "10") int limit) {
		return kept(Freshness.PLACES, places.suggest(prefix, language, limit));
	}

	@GetMapping("/places/{id}")
	@Operation(summary = "A place by its GeoNames id, with all its names")
	ResponseEntity<PlaceLookup.PlaceView> find(@PathVariable long id,
			@RequestParam(required = false) @Nullable String language) {
		return kept(Freshness.PLACES, places.find(id, language));
	}

	@GetMapping("/places/distance")
	@Operation(summary = "Great-circle distance between two points", description = "Points as `latitude,longitude` "
			+ "in WGS 84 degrees.")
	ResponseEntity<Distance> distance(@RequestParam String from, @RequestParam String to) {
		var start = point("from", from);
		var end = point("to", to);
		return kept(Freshness.PLACES, new Distance(new Point(start.latitude(), start.longitude()),
				new Point(end.latitude(), end.longitude()),
				Math.round(PlaceLookup.distanceKm(start, end) * 1000) / 1000.0));
	}

	@GetMapping("/nearby-trips")
	@Operation(summary = "Trips with a stop near a point, nearest first", description = "Trips that have not ended; "
			+ "radiusKm above 0 and at most 500.")
	ResponseEntity<NearbyList> nearby(@RequestParam double latitude, @RequestParam double longitude,
			@RequestParam(defaultValue = "50") double radiusKm, @RequestParam(defaultValue = "20") int limit) {
		if (!(latitude >= -90 && latitude <= 90)) {
			throw Rejection.invalid("latitude", "range", "must be between -90 and 90");
		}
		if (!(longitude >= -180 && longitude <= 180)) {
			throw Rejection.invalid("longitude", "range", "must be between -180 and 180");
		}
		return kept(Freshness.FINDINGS, new NearbyList(nearby.around(new GeoPoint(latitude, longitude), radiusKm,
				limit)));
	}

	private static <T> ResponseEntity<T> kept(Freshness freshness, T body) {
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, freshness.cacheControl()).body(body);
	}

	private static GeoPoint point(String field, String text) {
		var parts = text.split(",", -1);
		if (parts.length != 2) {
			throw Rejection.invalid(field, "lat-lng", "must be latitude,longitude such as 35.0116,135.7681");
		}
		try {
			return GeoPoint.parse(field, Double.valueOf(parts[0].strip()), Double.valueOf(parts[1].strip()));
		}
		catch (NumberFormatException e) {
			throw Rejection.invalid(field, "lat-lng", "must be latitude,longitude such as 35.0116,135.7681");
		}
	}
}
