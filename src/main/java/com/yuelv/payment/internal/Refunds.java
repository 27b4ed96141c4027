package com.yuelv.payment.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

/** Refunds by payment. */
@org.jmolecules.ddd.annotation.Repository
interface Refunds extends CrudRepository<Refund, UUID> {

	Optional<Refund> findByPaymentIdAndRefundKey(UUID paymentId, UUID refundKey);

	List<Refund> findByPaymentIdAndStatusOrderByRequestedAt(UUID paymentId, Refund.Status status);

	List<Refund> findByPaymentIdOrderByRequestedAt(UUID paymentId);

	boolean existsByPaymentIdAndStatus(UUID paymentId, Refund.Status status);

	List<Refund> findByStatus(Refund.Status status);
}
