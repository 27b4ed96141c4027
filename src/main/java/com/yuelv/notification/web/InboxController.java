package com.yuelv.notification.web;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.yuelv.notification.internal.EntryKind;
import com.yuelv.notification.internal.Inbox;
import com.yuelv.notification.internal.InboxEntry;
import com.yuelv.notification.internal.LiveEntry;
import com.yuelv.notification.internal.LiveInbox;
import com.yuelv.notification.internal.Subscribers;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * One's own inbox: the list, and the live stream of new entries.
 */
@RestController
@RequestMapping("/api/v1/inbox")
@Tag(name = "Inbox")
class InboxController {

	private final Inbox inbox;
	private final LiveInbox live;

	InboxController(Inbox inbox, LiveInbox live) {
		this.inbox = inbox;
		this.live = live;
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

	@GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "One's new inbox entries as they come (Server-Sent Events)", description = "Each entry is an "
			+ "event named entry whose id is its place in one's stream and whose data is the entry as the list shows "
			+ "it. Reconnect with the header Last-Event-ID (the last id seen) to get what came in between first; an "
			+ "event named reset means more was missed than is replayed: read the inbox again. A connection lasts "
			+ "30 minutes; a client that reads too slowly is dropped and reconnects.")
	SseEmitter stream(@CurrentUser UserId user,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			jakarta.servlet.http.HttpServletResponse response) {
		var lastSeen = lastSeen(lastEventId);
		// a proxy that buffers answers (nginx does) must pass each event on at once
		response.setHeader("X-Accel-Buffering", "no");
		response.setHeader("Cache-Control", "no-store");
		var emitter = new SseEmitter(live.connectionTimeout().toMillis());
		var subscriber = live.open(user, new EmitterSink(emitter), lastSeen);
		emitter.onCompletion(subscriber::close);
		emitter.onTimeout(subscriber::close);
		emitter.onError(failure -> subscriber.close());
		return emitter;
	}

	private static @Nullable Long lastSeen(@Nullable String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return null;
		}
		if (lastEventId.length() > 18 || !lastEventId.chars().allMatch(c -> c >= '0' && c <= '9')) {
			throw Rejection.invalid("Last-Event-ID", "event-id", "must be the id of an event this stream sent");
		}
		return Long.parseLong(lastEventId);
	}

	/** Writes a connection's events through Spring MVC's emitter. */
	private record EmitterSink(SseEmitter emitter) implements Subscribers.Sink {

		@Override
		public void send(LiveEntry entry) throws IOException {
			emitter.send(SseEmitter.event().id(Long.toString(entry.seq())).name("entry")
					.data(new EntryView(entry.id(), entry.kind(), entry.subjectId(), entry.message(), entry.createdAt(),
							null), MediaType.APPLICATION_JSON));
		}

		@Override
		public void heartbeat() throws IOException {
			emitter.send(SseEmitter.event().comment("keep-alive"));
		}

		@Override
		public void reset() throws IOException {
			emitter.send(SseEmitter.event().name("reset").data("{}", MediaType.APPLICATION_JSON));
		}

		@Override
		public void close() {
			emitter.complete();
		}
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
