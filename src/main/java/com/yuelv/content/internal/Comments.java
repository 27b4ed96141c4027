package com.yuelv.content.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

/** Comments by id and by moment. */
@org.jmolecules.ddd.annotation.Repository
interface Comments extends CrudRepository<Comment, UUID> {

	/** A moment's comments and replies that are not deleted, oldest first, after the given one. */
	@Query("select c from Comment c where c.momentId = :moment and c.deletedAt is null "
			+ "and (c.createdAt > :createdAt or c.createdAt = :createdAt and c.id > :id) order by c.createdAt, c.id")
	List<Comment> oldestAfter(UUID moment, Instant createdAt, UUID id, Limit limit);

	@Query("select c from Comment c where c.momentId = :moment and c.deletedAt is null order by c.createdAt, c.id")
	List<Comment> oldest(UUID moment, Limit limit);
}
