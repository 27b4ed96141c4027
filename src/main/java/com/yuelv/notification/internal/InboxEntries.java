package com.yuelv.notification.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.query.Param;

/** Inbox entries of all people. */
@org.jmolecules.ddd.annotation.Repository
public interface InboxEntries extends CrudRepository<InboxEntry, UUID> {

	boolean existsBySourceEventIdAndRecipientId(UUID sourceEventId, UUID recipientId);

	Optional<InboxEntry> findByIdAndRecipientId(UUID id, UUID recipientId);

	@Query(value = """
			select e from InboxEntry e where e.recipientId = :recipient
			order by case when e.readAt is null then 0 else 1 end, e.createdAt desc, e.id desc""",
			countQuery = "select count(e) from InboxEntry e where e.recipientId = :recipient")
	Page<InboxEntry> findForRecipient(@Param("recipient") UUID recipient, Pageable pageable);

	long countByRecipientIdAndReadAtIsNull(UUID recipientId);

	/** The recipient's entries after a place in the stream, in their order. */
	@Query("select e from InboxEntry e where e.recipientId = :recipient and e.seq > :after order by e.seq")
	List<InboxEntry> streamedAfter(@Param("recipient") UUID recipient, @Param("after") long after,
			org.springframework.data.domain.Limit limit);

	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update InboxEntry e set e.readAt = :now, e.version = e.version + 1 "
			+ "where e.recipientId = :recipient and e.readAt is null")
	int markAllRead(@Param("recipient") UUID recipient, @Param("now") Instant now);
}
