package com.yuelv.content.internal;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

import com.yuelv.content.ContentEvent;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A comment on a moment, or a reply to one. Replies go one level deep: a reply to a reply answers the comment it
 * belongs to. Only its author deletes a comment (or moderation); a deleted comment is gone for everyone.
 */
@AggregateRoot
@Entity
@Table(name = "comments", schema = "content")
public class Comment extends AbstractAggregateRoot<Comment> {

	static final int MAX_TEXT = 500;

	@Id
	@Identity
	private UUID id;

	@Column(name = "moment_id", nullable = false)
	private UUID momentId;

	@Column(name = "author_id", nullable = false)
	private UUID authorId;

	@Column(name = "parent_id")
	private @Nullable UUID parentId;

	@PersonalData(Grade.CONTENT)
	@Column(name = "body", nullable = false)
	private String text;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "deleted_at")
	private @Nullable Instant deletedAt;

	/** {@code null} until first stored, which is how Spring Data tells a new aggregate from a stored one. */
	@Version
	private @Nullable Long version;

	protected Comment() {}

	/**
	 * A comment on a moment, or a reply to the given comment of the same moment.
	 *
	 * @param text already through moderation
	 * @throws Rejection for text that breaks the rules, or a parent of another moment or deleted
	 */
	static Comment add(Moment moment, UserId author, String authorName, String text, @Nullable Comment parent,
			Instant now) {
		var comment = new Comment();
		comment.id = UUID.randomUUID();
		comment.momentId = moment.momentId().value();
		comment.authorId = author.value();
		comment.text = PlainText.check("text", text, MAX_TEXT, true);
		comment.createdAt = now;
		if (parent != null) {
			if (!parent.momentId.equals(comment.momentId) || parent.isDeleted()) {
				throw Rejection.notFound("comment-not-found", "No comment " + parent.id + " on this moment");
			}
			comment.parentId = parent.parentId == null ? parent.id : parent.parentId;
		}
		comment.registerEvent(new ContentEvent.CommentAdded(UUID.randomUUID(), now, moment.momentId(),
				moment.author(), comment.id, author, authorName, parent == null ? null : parent.author()));
		return comment;
	}

	/**
	 * Deletes the comment; deleting it again changes nothing.
	 *
	 * @param byModeration whether an admin removes it rather than its author
	 * @return whether this changed anything
	 */
	boolean delete(UserId by, boolean byModeration, Instant now) {
		if (isDeleted()) {
			return false;
		}
		if (!byModeration && !by.value().equals(authorId)) {
			throw Rejection.forbidden("not-author", "Only the comment's author may delete it.");
		}
		deletedAt = now;
		return true;
	}

	public UUID id() {
		return id;
	}

	public UUID momentId() {
		return momentId;
	}

	public UserId author() {
		return new UserId(authorId);
	}

	public @Nullable UUID parentId() {
		return parentId;
	}

	public String text() {
		return text;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public boolean isDeleted() {
		return deletedAt != null;
	}
}
