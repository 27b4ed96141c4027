package com.yuelv.trip.internal;

import java.time.Clock;
import java.util.UUID;

import org.springframework.cache.CacheManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Trip's part of an erasure: the trips the person organizes go, drafts and published ones, with their texts, stops
 * and tags ({@link Trip#withdraw}). Those still open to companions are cancelled first, and those anyone could see are
 * announced as withdrawn, so that search, places and social drop their copies, and recorded as withdrawn for the read
 * models of other replicas to catch up with. Each leaves the detail cache on every replica once the transaction
 * commits.
 */
@Component
class TripDataErasure implements PersonalDataErasure {

	static final String REASON = "The organizer closed their account.";

	private final Trips trips;
	private final JdbcClient jdbc;
	private final CacheManager caches;
	private final Withdrawals withdrawals;
	private final Clock clock;

	TripDataErasure(Trips trips, JdbcClient jdbc, CacheManager caches, Withdrawals withdrawals, Clock clock) {
		this.trips = trips;
		this.withdrawals = withdrawals;
		this.jdbc = jdbc;
		this.caches = caches;
		this.clock = clock;
	}

	@Override
	public String module() {
		return "trip";
	}

	@Override
	@Transactional
	public void erase(UserId person) {
		var organized = jdbc.sql("select id from trip.trips where organizer_id = ? order by id")
			.param(person.value())
			.query(UUID.class)
			.list();
		var details = caches.getCache(TripDetailsSource.CACHE);
		for (var id : organized) {
			trips.findById(id).ifPresent(trip -> {
				var now = clock.instant();
				trip.withdraw(REASON, now);
				if (trip.isPublic()) {
					withdrawals.record(trip.tripId(), now);
				}
				trips.delete(trips.save(trip));
			});
			if (details != null) {
				details.evict(id.toString());
			}
		}
	}
}
