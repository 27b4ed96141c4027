package com.yuelv.content.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

import jakarta.persistence.LockModeType;

/**
 * Moments by id and by author, and the counts that change with every like and comment (named apart from Spring
 * Modulith's {@code moments}, its time events).
 */
@org.jmolecules.ddd.annotation.Repository
interface PostedMoments extends CrudRepository<Moment, UUID> {

	/** The moment, locked for update until the transaction ends: edits, deletions and moderation serialize. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select m from Moment m where m.id = :id")
	Optional<Moment> lock(UUID id);

	/** The moments with these ids (a page of a feed): one statement whose plan Hibernate keeps. */
	@Query("select m from Moment m where m.id in :ids")
	List<Moment> withIds(java.util.Collection<UUID> ids);

	/** An author's moments that are not deleted, newest first. */
	@Query("select m from Moment m where m.authorId = :author and m.deletedAt is null "
			+ "order by m.postedAt desc, m.id desc")
	List<Moment> newestBy(UUID author, Limit limit);

	/** An author's moments that are not deleted, newest first, after the given one. */
	@Query("select m from Moment m where m.authorId = :author and m.deletedAt is null "
			+ "and (m.postedAt < :postedAt or m.postedAt = :postedAt and m.id < :id) order by m.postedAt desc, m.id desc")
	List<Moment> newestByBefore(UUID author, Instant postedAt, UUID id, Limit limit);

	/** Adds to or takes from the likes of a moment that is not deleted; 0 when it is. */
	@Modifying
	@Query(value = "update content.moments set like_count = like_count + :change where id = :id and deleted_at is null",
			nativeQuery = true)
	int countLike(UUID id, int change);

	/** Adds to or takes from the comments of a moment that is not deleted; 0 when it is. */
	@Modifying
	@Query(value = """
			update content.moments set comment_count = comment_count + :change
			where id = :id and deleted_at is null""", nativeQuery = true)
	int countComment(UUID id, int change);
}
