package com.yuelv.content.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

import com.yuelv.content.ContentEvent;
import com.yuelv.content.ContentEvent.Visibility;
import com.yuelv.content.MomentId;
import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A moment a traveller posted. The rules: a moment says something (text, photos or both); at most
 * {@value #MAX_PHOTOS} photos, each once; a moment for the companions of a trip names the trip; only its author edits
 * or deletes it; a deleted moment is gone for everyone, its photos released, and cannot be changed, liked or commented
 * on. Who may see it: its author always; everyone else not at all once it is deleted, else by its visibility.
 * <p>
 * The counts of likes and comments are changed by the statement that adds or removes one
 * ({@link PostedMoments#countLike}), never by saving the moment, so that an edit racing a like keeps both.
 */
@AggregateRoot
@Entity
@Table(name = "moments", schema = "content")
public class Moment extends AbstractAggregateRoot<Moment> {

	static final int MAX_PHOTOS = 9;
	static final int MAX_TEXT = 2_000;

	@Id
	@Identity
	private UUID id;

	@Column(name = "author_id", nullable = false)
	private UUID authorId;

	@PersonalData(Grade.CONTENT)
	@Column(name = "body")
	private @Nullable String text;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Visibility visibility;

	@Column(name = "trip_id")
	private @Nullable UUID tripId;

	@PersonalData(Grade.LOCATION)
	@Convert(converter = Sealed.class)
	@Column(name = "place_name")
	private @Nullable String placeName;

	@PersonalData(Grade.LOCATION)
	@Convert(converter = SealedCoordinate.class)
	private @Nullable Double latitude;

	@PersonalData(Grade.LOCATION)
	@Convert(converter = SealedCoordinate.class)
	private @Nullable Double longitude;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "moment_photos", schema = "content", joinColumns = @JoinColumn(name = "moment_id"))
	@OrderColumn(name = "ordinal")
	@Column(name = "photo_id")
	private List<UUID> photos = new ArrayList<>();

	@Column(name = "posted_at", nullable = false)
	private Instant postedAt;

	@Column(name = "edited_at")
	private @Nullable Instant editedAt;

	@Column(name = "deleted_at")
	private @Nullable Instant deletedAt;

	@Column(name = "like_count", nullable = false, updatable = false)
	private long likeCount;

	@Column(name = "comment_count", nullable = false, updatable = false)
	private long commentCount;

	/** {@code null} until first stored, which is how Spring Data tells a new aggregate from a stored one. */
	@Version
	private @Nullable Long version;

	protected Moment() {}

	/** Where a moment was posted from: a place's name as the author wrote it, and where it is. */
	public record Place(String name, GeoPoint location) {}

	/** What the author writes: the same for a new moment and an edit. */
	record Draft(@Nullable String text, List<UUID> photos, Visibility visibility, @Nullable TripId trip,
			@Nullable Place place) {}

	/**
	 * A new moment.
	 *
	 * @param authorName how the author is shown, carried by the announcement
	 * @throws Rejection naming the first field that breaks a rule
	 */
	static Moment post(UserId author, String authorName, Draft draft, Instant now) {
		var moment = new Moment();
		moment.id = UUID.randomUUID();
		moment.authorId = author.value();
		// to the millisecond, as timelines order moments
		moment.postedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		moment.photos = new ArrayList<>(checkedPhotos(draft.photos()));
		moment.apply(draft);
		moment.registerEvent(new ContentEvent.MomentPosted(UUID.randomUUID(), moment.postedAt, moment.momentId(), author,
				authorName, moment.visibility, moment.trip(), moment.photos));
		return moment;
	}

	/**
	 * Replaces what the author wrote and who may see it; the photos stay as posted.
	 *
	 * @throws Rejection when the editor is not the author or the moment is deleted
	 */
	void edit(UserId editor, @Nullable String text, Visibility visibility, Instant now) {
		requireAuthor(editor);
		apply(new Draft(text, photos, visibility, trip(), place()));
		editedAt = now;
		registerEvent(new ContentEvent.MomentEdited(UUID.randomUUID(), now, momentId(), author(), visibility));
	}

	/**
	 * Deletes the moment, by its author or by moderation; deleting it again changes nothing.
	 *
	 * @param byModeration whether an admin removes it (anyone's) rather than its author
	 * @return whether this changed anything
	 */
	boolean delete(UserId by, boolean byModeration, Instant now) {
		if (isDeleted()) {
			return false;
		}
		if (!byModeration && !by.value().equals(authorId)) {
			throw Rejection.forbidden("not-author", "Only the moment's author may delete it.");
		}
		deletedAt = now;
		registerEvent(new ContentEvent.MomentDeleted(UUID.randomUUID(), now, momentId(), author(), photos));
		return true;
	}

	/** What decides whether someone may see a moment, as far as the social graph goes. */
	record Audience(boolean author, boolean blocked, boolean follower, boolean companion) {}

	/** Whether someone in this relation to the author may see the moment. */
	boolean isVisibleTo(Audience audience) {
		if (audience.author()) {
			return !isDeleted();
		}
		if (isDeleted() || audience.blocked()) {
			return false;
		}
		return switch (visibility) {
			case PUBLIC -> true;
			case FOLLOWERS -> audience.follower();
			case COMPANIONS -> audience.companion();
		};
	}

	private void apply(Draft draft) {
		var checked = PlainText.checkOptional("text", draft.text(), MAX_TEXT, true);
		if (checked == null && draft.photos().isEmpty()) {
			throw Rejection.invalid("text", "required", "a moment needs text, photos or both");
		}
		if (draft.visibility() == Visibility.COMPANIONS && draft.trip() == null) {
			throw Rejection.invalid("tripId", "required", "a moment for the companions of a trip names the trip");
		}
		text = checked;
		visibility = draft.visibility();
		tripId = draft.trip() == null ? null : draft.trip().value();
		var place = draft.place();
		placeName = place == null ? null : place.name();
		latitude = place == null ? null : place.location().latitude();
		longitude = place == null ? null : place.location().longitude();
	}

	private static List<UUID> checkedPhotos(List<UUID> photos) {
		if (photos.stream().anyMatch(java.util.Objects::isNull)) {
			throw Rejection.invalid("photos", "required", "each item is the id of an uploaded photo");
		}
		if (photos.size() > MAX_PHOTOS) {
			throw Rejection.invalid("photos", "max-items", "at most %d photos".formatted(MAX_PHOTOS));
		}
		if (photos.stream().distinct().count() < photos.size()) {
			throw Rejection.invalid("photos", "unique", "each photo at most once");
		}
		return photos;
	}

	private void requireAuthor(UserId who) {
		if (isDeleted()) {
			throw notFound(momentId());
		}
		if (!who.value().equals(authorId)) {
			throw Rejection.forbidden("not-author", "Only the moment's author may change it.");
		}
	}

	static Rejection notFound(MomentId id) {
		return Rejection.notFound("moment-not-found", "No moment " + id);
	}

	public MomentId momentId() {
		return new MomentId(id);
	}

	public UserId author() {
		return new UserId(authorId);
	}

	public @Nullable String text() {
		return text;
	}

	public Visibility visibility() {
		return visibility;
	}

	public @Nullable TripId trip() {
		return tripId == null ? null : new TripId(tripId);
	}

	public @Nullable Place place() {
		return placeName == null || latitude == null || longitude == null ? null
				: new Place(placeName, new GeoPoint(latitude, longitude));
	}

	public List<UUID> photos() {
		return List.copyOf(photos);
	}

	public Instant postedAt() {
		return postedAt;
	}

	public @Nullable Instant editedAt() {
		return editedAt;
	}

	public boolean isDeleted() {
		return deletedAt != null;
	}

	public long likeCount() {
		return likeCount;
	}

	public long commentCount() {
		return commentCount;
	}
}
