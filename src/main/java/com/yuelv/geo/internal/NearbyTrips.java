package com.yuelv.geo.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.yuelv.shared.Days;
import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.Rejection;

/**
 * Trips with a stop within a radius of a point. The circle's bounding box is covered by at most
 * {@value #MAX_CELLS} geohash cells of the finest precision that allows it; their stops come from one index range
 * scan each, and the exact great-circle distance keeps those inside the circle. The work depends on the stops near the
 * point, not on how many stops there are in all.
 */
@Service
public class NearbyTrips {

	public static final double MAX_RADIUS_KM = 500;
	public static final int MAX_RESULTS = 50;
	static final int MAX_CELLS = 64;
	private static final double KM_PER_DEGREE = Math.PI * PlaceLookup.EARTH_RADIUS_KM / 180;

	private final TripStops stops;
	private final Clock clock;

	NearbyTrips(TripStops stops, Clock clock) {
		this.stops = stops;
		this.clock = clock;
	}

	private record Candidate(TripStops.StopOfTrip stop, double distanceKm) {}

	/** A trip and its stop nearest to the point. */
	public record NearbyTrip(UUID tripId, Map<String, String> title, LocalDate startDate, LocalDate endDate,
			String nearestStop, double stopLatitude, double stopLongitude, double distanceKm) {}

	/**
	 * Trips that have not ended with a stop within the radius, nearest first.
	 *
	 * @throws Rejection naming {@code radiusKm} or {@code limit} when out of range
	 */
	public List<NearbyTrip> around(GeoPoint center, double radiusKm, int limit) {
		if (!(radiusKm > 0) || radiusKm > MAX_RADIUS_KM) {
			throw Rejection.invalid("radiusKm", "range", "must be more than 0 and at most " + (int) MAX_RADIUS_KM);
		}
		if (limit < 1 || limit > MAX_RESULTS) {
			throw Rejection.invalid("limit", "range", "must be between 1 and " + MAX_RESULTS);
		}
		var dLat = radiusKm / KM_PER_DEGREE;
		var minLat = Math.max(-90, center.latitude() - dLat);
		var maxLat = Math.min(90, center.latitude() + dLat);
		var widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
		// the box reaches a pole, or its longitude span would: take every longitude
		var dLon = widest >= 89.9 ? 180 : Math.min(180, dLat / Math.cos(Math.toRadians(widest)));
		var lonSpan = 2 * dLon;
		var precision = Geohash.precisionFor(minLat, maxLat, lonSpan, MAX_CELLS);
		var ranges = Geohash.cover(minLat, maxLat, center.longitude() - dLon, lonSpan, precision);

		var minLon = center.longitude() - dLon;
		var maxLon = center.longitude() + dLon;
		var box = new TripStops.Box(minLat, maxLat, minLon, maxLon, minLon < -180 || maxLon > 180);

		var candidates = stops.inCells(ranges, box, Days.lastToday(clock));
		if (candidates.size() > TripStops.MAX_CANDIDATES) {
			throw Rejection.invalid("radiusKm", "too-dense", "holds more than %d itinerary stops here; choose a smaller "
					.formatted(TripStops.MAX_CANDIDATES) + "radius");
		}
		var nearest = new HashMap<UUID, Candidate>();
		for (var stop : candidates) {
			var distance = PlaceLookup.distanceKm(center, stop.location());
			if (distance > radiusKm) {
				continue;
			}
			var known = nearest.get(stop.tripId());
			if (known == null || distance < known.distanceKm()) {
				nearest.put(stop.tripId(), new Candidate(stop, distance));
			}
		}
		return nearest.values().stream()
				.sorted(Comparator.comparingDouble(Candidate::distanceKm)
						.thenComparing(candidate -> candidate.stop().tripId()))
				.limit(limit)
				.map(candidate -> {
					var stop = candidate.stop();
					return new NearbyTrip(stop.tripId(), stops.title(stop.storedTitle()), stop.startDate(),
							stop.endDate(), stop.placeName(), stop.location().latitude(), stop.location().longitude(),
							candidate.distanceKm());
				})
				.toList();
	}
}
