package com.yuelv.social.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

import jakarta.persistence.LockModeType;

/** Relationships by their pair. */
@org.jmolecules.ddd.annotation.Repository
interface Relationships extends CrudRepository<Relationship, Relationship.Pair> {

	/** The relationship, locked for update until the transaction ends: how changes to one pair serialize. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select r from Relationship r where r.pair = :pair")
	Optional<Relationship> lock(Relationship.Pair pair);

	/** Makes the relationship of a person to another unless it exists; a concurrent maker is waited for, not refused. */
	@Modifying
	@Query(value = """
			insert into social.relationships (person_id, other_id, following, muted, blocked, version)
			values (:personId, :otherId, false, false, false, 0)
			on conflict do nothing""", nativeQuery = true)
	int ensure(UUID personId, UUID otherId);
}
