package com.yuelv.notification.internal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A new inbox entry on its way to the recipient's open connections: {@code seq} is its place in their stream. */
public record LiveEntry(UUID recipientId, long seq, UUID id, EntryKind kind, @Nullable UUID subjectId,
		String message, Instant createdAt) {

	static LiveEntry of(InboxEntry entry) {
		var seq = entry.seq();
		if (seq == null) {
			throw new IllegalArgumentException("Entry " + entry.id() + " has no place in a stream");
		}
		return new LiveEntry(entry.recipientId(), seq, entry.id(), entry.kind(), entry.subjectId(), entry.message(),
				entry.createdAt());
	}
}
