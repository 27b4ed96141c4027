package com.yuelv.booking.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * Reading requests across rosters, and storing the new ones a {@link Roster} makes; changing them is the roster's
 * job.
 */
@org.jmolecules.ddd.annotation.Repository
interface JoinRequests extends Repository<JoinRequest, UUID> {

	Optional<JoinRequest> findById(UUID id);

	/** Stores a request {@link Roster#request made} just now. */
	JoinRequest save(JoinRequest request);

	/** A traveler's requests for one trip: what a new request of theirs is checked against. */
	List<JoinRequest> findByTripIdAndTravelerId(UUID tripId, UUID travelerId);

	/**
	 * The trip a request belongs to, without loading the request: a request loaded before its roster is locked would
	 * be a stale copy inside the locked roster.
	 */
	@Query("select r.tripId from JoinRequest r where r.id = :id")
	Optional<UUID> tripOf(UUID id);

	long countByTripIdAndStatus(UUID tripId, JoinRequestStatus status);

	/**
	 * A traveler's newest requests. The order starts with the traveler, a constant here, so that the embedded database
	 * too reads them in the order of their index and stops at the limit.
	 */
	@Query("""
			select r from JoinRequest r where r.travelerId = :travelerId
			order by r.travelerId, r.requestedAt desc, r.id desc""")
	List<JoinRequest> newestBy(UUID travelerId, Limit limit);

	/** A traveler's newest requests among those older than the given one, in the order of {@link #newestBy}. */
	@Query("""
			select r from JoinRequest r where r.travelerId = :travelerId
			and (r.requestedAt < :requestedAt or (r.requestedAt = :requestedAt and r.id < :id))
			order by r.travelerId, r.requestedAt desc, r.id desc""")
	List<JoinRequest> newestByBefore(UUID travelerId, Instant requestedAt, UUID id, Limit limit);
}
