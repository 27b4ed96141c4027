package com.yuelv.social;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

import com.yuelv.shared.UserId;

/**
 * A change in who follows or blocks whom. Every event names the person who acted and the other person.
 */
public sealed interface SocialEvent extends DomainEvent {

	/** Unique per event, the key by which listeners deduplicate. */
	UUID eventId();

	Instant occurredAt();

	/** Who acted. */
	UserId person();

	/** Whom it concerns. */
	UserId other();

	/** The person now follows the other; {@code personName} is how the person is shown. */
	record Followed(UUID eventId, Instant occurredAt, UserId person, UserId other, String personName)
			implements SocialEvent {}

	/** The person no longer follows the other: they unfollowed, or one of them blocked the other. */
	record Unfollowed(UUID eventId, Instant occurredAt, UserId person, UserId other) implements SocialEvent {}

	/** The person blocked the other: each is hidden from the other from now on. */
	record Blocked(UUID eventId, Instant occurredAt, UserId person, UserId other) implements SocialEvent {}

	/** The person lifted their block of the other. */
	record Unblocked(UUID eventId, Instant occurredAt, UserId person, UserId other) implements SocialEvent {}
}
