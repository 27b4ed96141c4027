package com.yuelv.payment.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

import jakarta.persistence.LockModeType;

/** Payments by id, each change under a row lock: answers, webhooks and the reconciliation may race for one. */
@org.jmolecules.ddd.annotation.Repository
interface PaymentIntents extends CrudRepository<PaymentIntent, UUID> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from PaymentIntent p where p.id = :id")
	Optional<PaymentIntent> lock(UUID id);

	@Query("select p.id from PaymentIntent p where p.providerId = :providerId")
	Optional<UUID> idOfProvider(String providerId);

	/** Payments in one of the states whose last change is older than the given time, oldest first. */
	@Query("""
			select p.id from PaymentIntent p where p.status in :statuses and p.updatedAt < :before
			order by p.updatedAt""")
	List<UUID> inStatusSince(Collection<PaymentStatus> statuses, Instant before, Limit limit);

	/** Payments with a provider call decided and not answered since the given time. */
	@Query("""
			select p.id from PaymentIntent p where p.pendingCall <> :none and p.updatedAt < :before
			order by p.updatedAt""")
	List<UUID> pendingSince(PaymentIntent.PendingCall none, Instant before, Limit limit);

	/** Payments opened and not made in time. */
	@Query("select p.id from PaymentIntent p where p.status = :created and p.payBy <= :now")
	List<UUID> overdue(PaymentStatus created, Instant now, Limit limit);

	/** Captured payments whose money may be released to their payee. */
	@Query("""
			select p.id from PaymentIntent p
			where p.settled = false and p.releaseOn <= :today and p.status in :captured""")
	List<UUID> releasable(Collection<PaymentStatus> captured, LocalDate today, Limit limit);
}
