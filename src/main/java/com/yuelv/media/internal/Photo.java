package com.yuelv.media.internal;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;

import com.yuelv.media.MediaApi;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An uploaded photo. The rules: it belongs to its uploader; one subject (a moment) may take it, once, and only from
 * its uploader; a released photo is never served or taken again. Its files are the three sizes, by SHA-256.
 */
@AggregateRoot
@Entity
@Table(name = "photos", schema = "media")
public class Photo {

	/** Where a photo is in its life. */
	enum State {
		UPLOADED, ATTACHED, RELEASED
	}

	@Id
	@Identity
	private UUID id;

	@Column(name = "owner_id", nullable = false)
	private UUID ownerId;

	@Column(name = "subject_id")
	private @Nullable UUID subjectId;

	private @Nullable Integer position;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private State state;

	private int width;

	private int height;

	@Column(name = "original_sha", nullable = false)
	private String originalSha;

	@Column(name = "large_sha", nullable = false)
	private String largeSha;

	@Column(name = "small_sha", nullable = false)
	private String smallSha;

	@Column(name = "stored_bytes", nullable = false)
	private long storedBytes;

	@Column(name = "uploaded_at", nullable = false)
	private Instant uploadedAt;

	@Column(name = "attached_at")
	private @Nullable Instant attachedAt;

	@Column(name = "released_at")
	private @Nullable Instant releasedAt;

	/** {@code null} until first stored, which is how Spring Data tells a new aggregate from a stored one. */
	@Version
	private @Nullable Long version;

	protected Photo() {}

	/** A photo just uploaded and stored. */
	static Photo uploaded(UserId owner, ImageProcessing.Processed processed, Instant now) {
		var photo = new Photo();
		photo.id = UUID.randomUUID();
		photo.ownerId = owner.value();
		photo.state = State.UPLOADED;
		photo.width = processed.original().width();
		photo.height = processed.original().height();
		photo.originalSha = processed.original().sha256();
		photo.largeSha = processed.large().sha256();
		photo.smallSha = processed.small().sha256();
		photo.storedBytes = processed.storedBytes();
		photo.uploadedAt = now;
		return photo;
	}

	/**
	 * Gives the photo to a subject at a position.
	 *
	 * @throws Rejection naming {@code field} when the taker is not the uploader or the photo is taken or released
	 */
	void attach(UserId taker, UUID subject, int position, String field, Instant now) {
		if (!taker.value().equals(ownerId) || state == State.RELEASED) {
			throw Rejection.invalid(field, "unknown-photo", "no photo " + id + " of yours");
		}
		if (state == State.ATTACHED) {
			throw Rejection.invalid(field, "photo-taken", "photo " + id + " belongs to another moment already");
		}
		state = State.ATTACHED;
		subjectId = subject;
		this.position = position;
		attachedAt = now;
	}

	/** Releases the photo; releasing it again changes nothing. */
	void release(Instant now) {
		if (state != State.RELEASED) {
			state = State.RELEASED;
			releasedAt = now;
		}
	}

	/** The SHA-256 of the file of a size. */
	String sha(MediaApi.Size size) {
		return switch (size) {
			case ORIGINAL -> originalSha;
			case LARGE -> largeSha;
			case SMALL -> smallSha;
		};
	}

	boolean isServedTo(UserId viewer) {
		return state == State.UPLOADED && viewer.value().equals(ownerId);
	}

	boolean isAttachedTo(UUID subject) {
		return state == State.ATTACHED && subject.equals(subjectId);
	}

	public UUID id() {
		return id;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public Instant uploadedAt() {
		return uploadedAt;
	}
}
