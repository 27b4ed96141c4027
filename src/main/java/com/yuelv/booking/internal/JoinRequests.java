package com.yuelv.booking.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** Reading requests across rosters; changing them is the roster's job. */
@org.jmolecules.ddd.annotation.Repository
interface JoinRequests extends Repository<JoinRequest, UUID> {

	Optional<JoinRequest> findById(UUID id);

	List<JoinRequest> findByTravelerIdOrderByRequestedAtDesc(UUID travelerId, Limit limit);
}
