package com.yuelv.booking.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

/** The sagas of requests to join trips with a price. */
@org.jmolecules.ddd.annotation.Repository
interface SeatPurchases extends CrudRepository<SeatPurchase, UUID> {

	Optional<SeatPurchase> findByPaymentId(UUID paymentId);

	List<SeatPurchase> findByTripId(UUID tripId);

	/** Holds whose time ran out, oldest first. */
	@Query("""
			select p.requestId from SeatPurchase p where p.state = :awaiting and p.payBy <= :now order by p.payBy""")
	List<UUID> expired(SeatPurchase.State awaiting, Instant now, Limit limit);
}
