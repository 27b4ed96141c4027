package com.yuelv.booking.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/**
 * Booking's part of an export: the person's requests to join trips, with their messages and the organisers' answers,
 * and the seats of the trips they organise.
 */
@Component
class BookingDataExport implements PersonalDataExport {

	private final JdbcClient jdbc;

	BookingDataExport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String module() {
		return "booking";
	}

	@Override
	public Map<String, Object> exportOf(UserId person) {
		var data = new LinkedHashMap<String, Object>();
		data.put("joinRequests", jdbc.sql("""
				select id, trip_id, message, status, requested_at, decided_at, reason from booking.join_requests
				where traveler_id = ? order by requested_at""").param(person.value()).query().listOfRows());
		data.put("organisedRosters", jdbc.sql("""
				select trip_id, start_date, end_date, capacity, taken, offered, cancelled, created_at
				from booking.rosters where organizer_id = ? order by created_at""")
			.param(person.value()).query().listOfRows());
		return data;
	}
}
