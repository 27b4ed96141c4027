package com.yuelv.notification.internal;

import java.time.Clock;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * A person's view of their inbox: entries unread first, then newest first.
 */
@Service
public class Inbox {

	static final int MAX_PAGE_SIZE = 100;
	static final int MAX_DEPTH = 100_000;

	private final InboxEntries entries;
	private final Clock clock;

	Inbox(InboxEntries entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public Page<InboxEntry> entries(UserId recipient, int page, int size) {
		if (page < 0) {
			throw Rejection.invalid("page", "min", "must not be negative");
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		if ((long) page * size >= MAX_DEPTH) {
			throw Rejection.invalid("page", "max-depth", "pages end after the first %d entries".formatted(MAX_DEPTH));
		}
		return entries.findForRecipient(recipient.value(), PageRequest.of(page, size));
	}

	@Transactional(readOnly = true)
	public long unread(UserId recipient) {
		return entries.countByRecipientIdAndReadAtIsNull(recipient.value());
	}

	@Transactional
	public void markRead(UserId recipient, UUID entryId) {
		var entry = entries.findByIdAndRecipientId(entryId, recipient.value())
				.orElseThrow(() -> Rejection.notFound("inbox-entry-not-found", "No entry " + entryId + " in your inbox"));
		entry.markRead(clock.instant());
		entries.save(entry);
	}

	@Transactional
	public int markAllRead(UserId recipient) {
		return entries.markAllRead(recipient.value(), clock.instant());
	}
}
