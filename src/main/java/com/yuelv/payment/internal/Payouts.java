package com.yuelv.payment.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

/** Payouts, and those still waiting for the provider. */
@org.jmolecules.ddd.annotation.Repository
interface Payouts extends CrudRepository<Payout, UUID> {

	List<Payout> findByStatus(Payout.Status status);
}
