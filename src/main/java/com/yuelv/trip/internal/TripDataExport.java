package com.yuelv.trip.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/** Trip's part of an export: the trips the person organised, drafts included, with their texts and itineraries. */
@Component
class TripDataExport implements PersonalDataExport {

	private final JdbcClient jdbc;

	TripDataExport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "trip";
	}

	@Override
	public Map<String, Object> exportOf(UserId person) {
		var trips = jdbc.sql("""
				select id, status, destination, start_date, end_date, seats, budget_amount, budget_currency,
				       created_at, published_at, cancelled_at, cancellation_reason
				from trip.trips where organizer_id = ? order by created_at""").param(person.value()).query().listOfRows();
		for (var trip : trips) {
			trip.put("texts", jdbc.sql("select language, title, description from trip.trip_texts where trip_id = ? "
					+ "order by language").param(trip.get("id")).query().listOfRows());
			trip.put("stops", jdbc.sql("select place_name, latitude, longitude, day_number from trip.trip_stops "
					+ "where trip_id = ? order by ordinal").param(trip.get("id")).query().listOfRows());
		}
		var data = new LinkedHashMap<String, Object>();
		data.put("trips", trips);
		return data;
	}
}
