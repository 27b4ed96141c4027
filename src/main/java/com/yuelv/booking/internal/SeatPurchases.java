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

	/** The trip of a payment's saga, without loading the saga: one loaded before the roster's lock would be stale. */
	@Query("select p.tripId from SeatPurchase p where p.paymentId = :paymentId")
	Optional<UUID> tripOfPayment(UUID paymentId);

	/** The trip of a request's saga, without loading the saga. */
	@Query("select p.tripId from SeatPurchase p where p.requestId = :requestId")
	Optional<UUID> tripOfRequest(UUID requestId);

	/** Holds whose time ran out, oldest first. */
	@Query("""
			select p.requestId from SeatPurchase p where p.state = :awaiting and p.payBy <= :now order by p.payBy""")
	List<UUID> expired(SeatPurchase.State awaiting, Instant now, Limit limit);
}
