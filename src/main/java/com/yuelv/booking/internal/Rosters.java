package com.yuelv.booking.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

import jakarta.persistence.LockModeType;

/** Rosters by trip. */
@org.jmolecules.ddd.annotation.Repository
interface Rosters extends CrudRepository<Roster, UUID> {

	/** The roster, locked for update until the transaction ends: how changes to one trip's seats serialize. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select r from Roster r where r.tripId = :tripId")
	Optional<Roster> lock(UUID tripId);

	/** Creates an empty roster; fails on a duplicate key when another transaction created it first. */
	@Modifying
	@Query(value = """
			insert into booking.rosters (trip_id, organizer_id, trip_title, start_date, end_date, capacity, taken,
			    offered, cancelled, created_at, price_minor, currency)
			values (:tripId, :organizerId, :title, :startDate, :endDate, :capacity, 0, 0, :cancelled, :now,
			    :priceMinor, :currency)""",
			nativeQuery = true)
	int create(UUID tripId, UUID organizerId, String title, LocalDate startDate, LocalDate endDate,
			int capacity, boolean cancelled, Instant now, long priceMinor, String currency);
}
