package com.yuelv.media.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

import jakarta.persistence.LockModeType;

/** Photos by id and by the subject that took them. */
@org.jmolecules.ddd.annotation.Repository
interface Photos extends CrudRepository<Photo, UUID> {

	/** The photos, locked for update until the transaction ends: two moments taking one photo serialize. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from Photo p where p.id in :ids")
	List<Photo> lock(List<UUID> ids);

	@Query("select p from Photo p where p.subjectId = :subject "
			+ "and p.state = com.yuelv.media.internal.Photo.State.ATTACHED")
	List<Photo> attachedTo(UUID subject);

	@Query("select p from Photo p where p.id = :id and p.subjectId = :subject")
	Optional<Photo> ofSubject(UUID id, UUID subject);

	/** Released photos, and uploads nothing took since {@code before}: what the sweeper deletes. */
	@Query("select p from Photo p where p.state = com.yuelv.media.internal.Photo.State.RELEASED "
			+ "or p.state = com.yuelv.media.internal.Photo.State.UPLOADED and p.uploadedAt < :before")
	List<Photo> sweepable(Instant before, Limit limit);
}
