package com.yuelv.trip.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.trip.TripId;
import com.yuelv.trip.TripWithdrawal;

/**
 * The trips withdrawn with their organizers' accounts, by id and time only, in {@code trip.withdrawals}: the event
 * reaches one replica of each listening deployment, and the others' read models learn of the withdrawal here when
 * they catch up.
 */
@Component
class Withdrawals {

	private final JdbcClient jdbc;

	Withdrawals(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void record(TripId trip, Instant at) {
		jdbc.sql("insert into trip.withdrawals (trip_id, withdrawn_at) values (?, ?) on conflict do nothing")
			.params(trip.value(), at.atOffset(ZoneOffset.UTC))
			.update();
	}

	List<TripWithdrawal> since(Instant since, @Nullable TripId after, int limit) {
		var from = since.atOffset(ZoneOffset.UTC);
		var query = jdbc.sql(after == null ? """
				select trip_id, withdrawn_at from trip.withdrawals where withdrawn_at >= :since
				order by withdrawn_at, trip_id limit :limit""" : """
				select trip_id, withdrawn_at from trip.withdrawals
				where withdrawn_at > :since or (withdrawn_at = :since and trip_id > :after)
				order by withdrawn_at, trip_id limit :limit""")
			.param("since", from)
			.param("limit", limit);
		if (after != null) {
			query = query.param("after", after.value());
		}
		return query
			.query((row, n) -> new TripWithdrawal(new TripId(row.getObject("trip_id", UUID.class)),
					row.getObject("withdrawn_at", OffsetDateTime.class).toInstant()))
			.list();
	}
}
