package com.yuelv.content;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;
import org.jspecify.annotations.Nullable;

import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

/**
 * Something happened to a moment. Every event names the moment and its author, so that listeners (feeds, the inbox)
 * can tell whom it concerns without calling back.
 */
public sealed interface ContentEvent extends DomainEvent {

	/** Unique per event, the key by which listeners deduplicate. */
	UUID eventId();

	Instant occurredAt();

	MomentId momentId();

	/** Who posted the moment. */
	UserId author();

	/** Who may see a moment. */
	enum Visibility {
		/** Everyone (but whom the author blocks or is blocked by). */
		PUBLIC,
		/** The author's followers. */
		FOLLOWERS,
		/** Those who travelled on the moment's trip. */
		COMPANIONS
	}

	/** A moment was posted, at {@code occurredAt} (its posting time); {@code photos} are media's ids, in order. */
	record MomentPosted(UUID eventId, Instant occurredAt, MomentId momentId, UserId author, String authorName,
			Visibility visibility, @Nullable TripId tripId, List<UUID> photos) implements ContentEvent {

		public MomentPosted {
			photos = List.copyOf(photos);
		}
	}

	/** The author changed a moment's text or who may see it. */
	record MomentEdited(UUID eventId, Instant occurredAt, MomentId momentId, UserId author, Visibility visibility)
			implements ContentEvent {}

	/** A moment was deleted, by its author or by moderation; its photos are no longer used by it. */
	record MomentDeleted(UUID eventId, Instant occurredAt, MomentId momentId, UserId author, List<UUID> photos)
			implements ContentEvent {

		public MomentDeleted {
			photos = List.copyOf(photos);
		}
	}

	/** Someone liked a moment. */
	record MomentLiked(UUID eventId, Instant occurredAt, MomentId momentId, UserId author, UserId liker,
			String likerName) implements ContentEvent {}

	/** Someone commented on a moment, or replied to a comment ({@code repliedTo} is that comment's author). */
	record CommentAdded(UUID eventId, Instant occurredAt, MomentId momentId, UserId author, UUID commentId,
			UserId commenter, String commenterName, @Nullable UserId repliedTo) implements ContentEvent {}
}
