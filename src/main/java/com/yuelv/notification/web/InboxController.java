package com.yuelv.notification.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.notification.internal.EntryKind;
import com.yuelv.notification.internal.Inbox;
import com.yuelv.notification.internal.InboxEntry;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * One's own inbox.
 */
@RestController
@RequestMapping("/api/v1/inbox")
@Tag(name = "Inbox")
class InboxController {

	private final Inbox inbox;

	InboxController(Inbox inbox) {
		this.inbox = inbox;
	}

	record EntryView(UUID id, EntryKind kind, @Nullable UUID subjectId, String message, Instant createdAt,
			@Nullable Instant readAt) {

		static EntryView of(InboxEntry entry) {
			return new EntryView(entry.id(), entry.kind(), entry.subjectId(), entry.message(), entry.createdAt(),
					entry.readAt());
		}
	}

	record InboxPage(List<EntryView> items, int page, int size, long totalItems, long unread, boolean hasNext) {}

	record Marked(int marked) {}

	@GetMapping
	@Operation(summary = "List one's inbox, unread entries first, then newest first")
	InboxPage list(@CurrentUser UserId user, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		var entries = inbox.entries(user, page, size);
		return new InboxPage(entries.getContent().stream().map(EntryView::of).toList(), page, size,
				entries.getTotalElements(), inbox.unread(user), entries.hasNext());
	}

	@PostMapping("/{id}/read")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Mark one entry read")
	void markRead(@CurrentUser UserId user, @PathVariable UUID id) {
		inbox.markRead(user, id);
	}

	@PostMapping("/read-all")
	@Operation(summary = "Mark every entry read")
	Marked markAllRead(@CurrentUser UserId user) {
		return new Marked(inbox.markAllRead(user));
	}
}
