package com.yuelv.notification.internal;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;


import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One entry of a person's inbox. Remembers the event it came from, so that a redelivered event never makes a second
 * entry.
 */
@AggregateRoot
@Entity
@Table(name = "inbox_entries", schema = "notification")
public class InboxEntry {

	@Id
	@Identity
	private UUID id;

	@Column(name = "recipient_id", nullable = false)
	private UUID recipientId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private EntryKind kind;

	@Column(name = "subject_id")
	private @Nullable UUID subjectId;

	/** Whose doing the entry tells of, when its message names them. */
	@Column(name = "actor_id")
	private @Nullable UUID actorId;

	/** Names the people it is about ("李娜 followed you."): sealed like their names. */
	@PersonalData(Grade.IDENTITY)
	@Convert(converter = Sealed.class)
	@Column(nullable = false)
	private String message;

	@Column(name = "source_event_id", nullable = false)
	private UUID sourceEventId;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "read_at")
	private @Nullable Instant readAt;

	/** Its place in the recipient's live stream. */
	@Column(name = "seq")
	private @Nullable Long seq;

	/** {@code null} until first stored, which is how Spring Data tells a new aggregate from a stored one. */
	@Version
	private @Nullable Long version;

	protected InboxEntry() {}

	InboxEntry(UUID recipientId, EntryKind kind, @Nullable UUID subjectId, @Nullable UUID actorId, String message,
			UUID sourceEventId, Instant createdAt, long seq) {
		this.id = UUID.randomUUID();
		this.actorId = actorId;
		this.seq = seq;
		this.recipientId = recipientId;
		this.kind = kind;
		this.subjectId = subjectId;
		this.message = message;
		this.sourceEventId = sourceEventId;
		this.createdAt = createdAt;
	}

	void markRead(Instant now) {
		if (readAt == null) {
			readAt = now;
		}
	}

	public UUID id() {
		return id;
	}

	public EntryKind kind() {
		return kind;
	}

	public @Nullable UUID subjectId() {
		return subjectId;
	}

	public String message() {
		return message;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public @Nullable Instant readAt() {
		return readAt;
	}

	public UUID recipientId() {
		return recipientId;
	}

	public @Nullable Long seq() {
		return seq;
	}
}
