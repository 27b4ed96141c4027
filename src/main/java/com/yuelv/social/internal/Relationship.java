package com.yuelv.social.internal;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialEvent;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * What one person is to another: whether they follow, mute or block them. The rules: nobody relates to themselves;
 * one cannot follow a person one blocks; a block ends the following both ways (the other side is the other pair's
 * {@link #blockedByOther}); every change is idempotent, telling whether it changed anything, and announces what
 * changed.
 * <p>
 * Concurrency: the social graph changes a pair's two relationships, this one and the other way round, under row locks
 * taken in a fixed order ({@link Relationships#lock}), so that a follow racing the other's block sees the block, and
 * a hundred clicks on follow make one follow.
 */
@AggregateRoot
@Entity
@Table(name = "relationships", schema = "social")
public class Relationship extends AbstractAggregateRoot<Relationship> {

	/** Identifies the relationship of a person to another: an ordered pair. */
	@Embeddable
	public record Pair(@Column(name = "person_id") UUID personId, @Column(name = "other_id") UUID otherId) {

		static Pair of(UserId person, UserId other) {
			if (person.equals(other)) {
				throw Rejection.invalid("userId", "not-yourself", "you cannot follow, mute or block yourself");
			}
			return new Pair(person.value(), other.value());
		}

		Pair reversed() {
			return new Pair(otherId, personId);
		}
	}

	@EmbeddedId
	@Identity
	private Pair pair;

	private boolean following;

	@Column(name = "followed_at")
	private @Nullable Instant followedAt;

	private boolean muted;

	private boolean blocked;

	@Column(name = "blocked_at")
	private @Nullable Instant blockedAt;

	/** {@code null} until first stored, which is how Spring Data tells a new aggregate from a stored one. */
	@Version
	private @Nullable Long version;

	protected Relationship() {}

	/** The relationship of a person to another before anything happened between them. */
	Relationship(Pair pair) {
		this.pair = pair;
	}

	UserId person() {
		return new UserId(pair.personId());
	}

	UserId other() {
		return new UserId(pair.otherId());
	}

	public boolean isFollowing() {
		return following;
	}

	public @Nullable Instant followedAt() {
		return followedAt;
	}

	public boolean isMuted() {
		return muted;
	}

	public boolean isBlocked() {
		return blocked;
	}

	/**
	 * Follows the other person.
	 *
	 * @param personName how the person is shown to the one they follow
	 * @return whether this changed anything
	 * @throws Rejection when the person blocks the other
	 */
	boolean follow(String personName, Instant now) {
		if (blocked) {
			throw Rejection.conflict("blocked", "You block this person; unblock them to follow them.");
		}
		if (following) {
			return false;
		}
		following = true;
		followedAt = now;
		registerEvent(new SocialEvent.Followed(UUID.randomUUID(), now, person(), other(), personName));
		return true;
	}

	/** Stops following; whether this changed anything. */
	boolean unfollow(Instant now) {
		if (!following) {
			return false;
		}
		following = false;
		followedAt = null;
		registerEvent(new SocialEvent.Unfollowed(UUID.randomUUID(), now, person(), other()));
		return true;
	}

	/** Blocks the other person, which also ends following them; whether this changed anything. */
	boolean block(Instant now) {
		if (blocked) {
			return false;
		}
		unfollow(now);
		blocked = true;
		blockedAt = now;
		registerEvent(new SocialEvent.Blocked(UUID.randomUUID(), now, person(), other()));
		return true;
	}

	/** Lifts the block; the person does not follow the other again by it. Whether this changed anything. */
	boolean unblock(Instant now) {
		if (!blocked) {
			return false;
		}
		blocked = false;
		blockedAt = null;
		registerEvent(new SocialEvent.Unblocked(UUID.randomUUID(), now, person(), other()));
		return true;
	}

	/** The other person blocked this one: this one no longer follows them. */
	void blockedByOther(Instant now) {
		unfollow(now);
	}

	/** Hides the other person from the person's own feed; whether this changed anything. */
	boolean mute() {
		var changed = !muted;
		muted = true;
		return changed;
	}

	/** Shows the other person in the person's own feed again; whether this changed anything. */
	boolean unmute() {
		var changed = muted;
		muted = false;
		return changed;
	}
}
