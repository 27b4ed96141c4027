package com.yuelv.geo.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.GeoPoint;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripStatus;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The spatial read model: every stop of every listed trip with its geohash. Writes are idempotent and ordered by trip
 * version: a trip snapshot older than the stored one changes nothing, so redelivered or reordered events are harmless.
 */
@Repository
@org.jmolecules.ddd.annotation.Repository
class TripStops {

	private static final TypeReference<Map<String, String>> TITLE = new TypeReference<>() {};
	/** Most stops one nearby query reads; a circle holding more is refused rather than read whole. */
	static final int MAX_CANDIDATES = 50_000;

	private final JdbcClient jdbc;
	private final JsonMapper json;

	TripStops(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A stop found near a point, with its trip; the title is kept as stored until a caller needs it. */
	record StopOfTrip(UUID tripId, String storedTitle, LocalDate startDate, LocalDate endDate, String placeName,
			GeoPoint location) {}

	/** A stop's bounding box: latitudes, and longitudes unless the box wraps around the antimeridian. */
	record Box(double minLat, double maxLat, double minLon, double maxLon, boolean wraps) {}

	/** Whether no trip was ever stored. */
	@Transactional(readOnly = true)
	boolean isEmpty() {
		return jdbc.sql("select count(*) from (select 1 from geo.trips fetch first 1 rows only) t").query(Long.class)
				.single() == 0;
	}

	/**
	 * Stores the trip as of this snapshot, unless a newer one is stored already. The stored row is read with a row
	 * lock, so a concurrent snapshot of the same trip waits and then sees this one; two first snapshots both insert,
	 * and the loser's duplicate key makes its caller try again.
	 */
	/** Forgets a withdrawn trip: its row and its stops. */
	@Transactional
	void withdraw(com.yuelv.trip.TripId trip) {
		jdbc.sql("delete from geo.trip_stops where trip_id = ?").param(trip.value()).update();
		jdbc.sql("delete from geo.trips where trip_id = ?").param(trip.value()).update();
	}

	@Transactional
	void apply(TripDetails trip) {
		var listed = trip.status() == TripStatus.PUBLISHED;
		var title = json.writeValueAsString(trip.title().values());
		var stored = jdbc.sql("select version from geo.trips where trip_id = ? for update")
				.param(trip.tripId().value()).query(Long.class).optional();
		if (stored.isPresent() && stored.get() >= trip.version()) {
			return;
		}
		if (stored.isPresent()) {
			jdbc.sql("update geo.trips set title = ?, start_date = ?, end_date = ?, listed = ?, version = ? "
					+ "where trip_id = ?")
					.params(title, trip.startDate(), trip.endDate(), listed, trip.version(), trip.tripId().value())
					.update();
		}
		else {
			jdbc.sql("insert into geo.trips (trip_id, title, start_date, end_date, listed, version) "
					+ "values (?, ?, ?, ?, ?, ?)")
					.params(trip.tripId().value(), title, trip.startDate(), trip.endDate(), listed, trip.version())
					.update();
		}
		jdbc.sql("delete from geo.trip_stops where trip_id = ?").param(trip.tripId().value()).update();
		if (listed) {
			var ordinal = 0;
			for (var stop : trip.stops()) {
				jdbc.sql("insert into geo.trip_stops (trip_id, ordinal, place_name, latitude, longitude, cell) "
						+ "values (?, ?, ?, ?, ?, ?)")
						.params(trip.tripId().value(), ordinal++, stop.placeName(), stop.location().latitude(),
								stop.location().longitude(),
								Geohash.encode(stop.location().latitude(), stop.location().longitude()))
						.update();
			}
		}
	}

	/**
	 * Stops of listed trips that end on or after the given day, in the given geohash ranges and inside the box: the
	 * cells cover more than the box, and the box check keeps those rows in the database.
	 */
	@Transactional(readOnly = true)
	List<StopOfTrip> inCells(List<Geohash.Range> ranges, Box box, LocalDate endingFrom) {
		if (ranges.isEmpty()) {
			return List.of();
		}
		var sql = new StringBuilder("""
				select s.trip_id, t.title, t.start_date, t.end_date, s.place_name, s.latitude, s.longitude
				from geo.trip_stops s join geo.trips t on t.trip_id = s.trip_id
				where t.listed and t.end_date >= ? and s.latitude between ? and ?""");
		var parameters = new ArrayList<Object>(List.of(endingFrom, box.minLat(), box.maxLat()));
		if (!box.wraps()) {
			sql.append(" and s.longitude between ? and ?");
			parameters.add(box.minLon());
			parameters.add(box.maxLon());
		}
		sql.append(" and (");
		for (int i = 0; i < ranges.size(); i++) {
			sql.append(i == 0 ? "" : " or ").append("(s.cell >= ? and s.cell < ?)");
			parameters.add(ranges.get(i).from());
			parameters.add(ranges.get(i).to());
		}
		sql.append(") fetch first ").append(MAX_CANDIDATES + 1).append(" rows only");
		return jdbc.sql(sql.toString()).params(parameters)
				.query((row, number) -> new StopOfTrip(row.getObject(1, UUID.class), row.getString(2),
						row.getObject(3, LocalDate.class), row.getObject(4, LocalDate.class), row.getString(5),
						new GeoPoint(row.getDouble(6), row.getDouble(7))))
				.list();
	}

	/** A title as stored, by language. */
	Map<String, String> title(String stored) {
		return json.readValue(stored, TITLE);
	}
}
