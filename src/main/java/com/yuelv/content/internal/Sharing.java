package com.yuelv.content.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.content.ContentEvent;
import com.yuelv.content.ContentEvent.Visibility;
import com.yuelv.content.MomentCard;
import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.identity.IdentityApi;
import com.yuelv.identity.PublicProfile;
import com.yuelv.media.MediaApi;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripId;

/**
 * What travellers do with moments: post, edit and delete them, like them and comment on them, and read those they may
 * see. Every text passes moderation's word filter first. Someone who may not see a moment (its visibility, a block,
 * its deletion) finds no such moment: reading, liking, commenting and reporting it are all 404
 * {@code moment-not-found}.
 * <p>
 * A like is a row per person and moment, added with {@code insert ... on conflict do nothing}; only the statement
 * that added or removed the row changes the moment's count, in the same transaction, so a hundred people liking at
 * once count a hundred, and one person clicking a hundred times counts one.
 */
@Service
public class Sharing {

	static final int MAX_PAGE_SIZE = 50;
	private static final String AUTHOR_MOMENTS = "author-moments";
	private static final String MOMENT_COMMENTS = "moment-comments";

	private final PostedMoments moments;
	private final Comments comments;
	private final JdbcClient jdbc;
	private final IdentityApi identity;
	private final SocialApi social;
	private final Blocks blocks;
	private final TripApi trips;
	private final SensitiveWords words;
	private final MediaApi media;
	private final PageTokens pageTokens;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Sharing(PostedMoments moments, Comments comments, JdbcClient jdbc, IdentityApi identity, SocialApi social,
			Blocks blocks, TripApi trips, SensitiveWords words, MediaApi media, PageTokens pageTokens,
			ApplicationEventPublisher events, Clock clock) {
		this.moments = moments;
		this.comments = comments;
		this.jdbc = jdbc;
		this.identity = identity;
		this.social = social;
		this.blocks = blocks;
		this.trips = trips;
		this.words = words;
		this.media = media;
		this.pageTokens = pageTokens;
		this.events = events;
		this.clock = clock;
	}

	/** What a viewer sees of a moment: the moment, and whether they like it. */
	public record Seen(Moment moment, String authorName, boolean likedByYou) {

		/** As the API shows it. */
		public MomentCard card() {
			var place = moment.place();
			return new MomentCard(moment.momentId().value(), moment.author().value(), authorName, moment.text(),
					moment.visibility(), moment.trip() == null ? null : moment.trip().value(),
					place == null ? null : new MomentCard.MomentPlaceView(place.name(), place.location().latitude(),
							place.location().longitude()),
					moment.photos(), moment.postedAt(), moment.editedAt(), moment.likeCount(), moment.commentCount(),
					likedByYou);
		}
	}

	/** One page of moments or comments, and the token of the page after it if there is one. */
	public record Page<T>(List<T> items, @Nullable String nextPageToken) {}

	/** A comment as shown, with its author's name. */
	public record ShownComment(Comment comment, String authorName) {}

	/**
	 * Posts a moment; {@code trip}, when given, is a published trip the author organizes or travels on;
	 * {@code photos} are the author's uploads, which the moment takes.
	 */
	@Transactional
	public Moment post(UserId author, @Nullable String text, List<UUID> photos, Visibility visibility,
			@Nullable TripId trip, Moment.@Nullable Place place) {
		var name = profile(author).displayName();
		if (trip != null) {
			var details = trips.find(trip).filter(it -> it.isVisibleTo(author))
					.orElseThrow(() -> Rejection.invalid("tripId", "unknown-trip", "no published trip " + trip));
			if (!details.organizerId().equals(author) && !social.travelsOn(trip, author)) {
				throw Rejection.invalid("tripId", "not-on-trip", "you neither organize nor travel on this trip");
			}
		}
		var moment = Moment.post(author, name, new Moment.Draft(words.screen("text", text), photos, visibility,
				trip, place), clock.instant());
		media.attach(author, moment.momentId().value(), moment.photos(), "photos");
		return moments.save(moment);
	}

	@Transactional
	public Moment edit(UserId editor, MomentId id, @Nullable String text, Visibility visibility) {
		var moment = moments.lock(id.value()).orElseThrow(() -> Moment.notFound(id));
		if (!moment.author().equals(editor) && !mayView(editor, moment)) {
			throw Moment.notFound(id);
		}
		moment.edit(editor, words.screen("text", text), visibility, clock.instant());
		return moments.save(moment);
	}

	@Transactional
	public void delete(UserId by, MomentId id) {
		var moment = moments.lock(id.value()).orElseThrow(() -> Moment.notFound(id));
		if (!moment.author().equals(by) && !mayView(by, moment)) {
			throw Moment.notFound(id);
		}
		if (moment.delete(by, false, clock.instant())) {
			moments.save(moment);
			releasePhotos(moment);
		}
	}

	/** Gives a deleted moment's photos back to media, which deletes them once nothing uses their files. */
	void releasePhotos(Moment moment) {
		if (!moment.photos().isEmpty()) {
			media.release(moment.momentId().value());
		}
	}

	/**
	 * A file of a photo of a moment the viewer may see. Not in a transaction: who may see it is read in one of the
	 * repository's own, and the file (from object storage, perhaps) is read after, holding no connection.
	 */
	public Shown<MediaApi.PhotoFile> photo(UserId viewer, MomentId id, UUID photo, MediaApi.Size size) {
		var moment = visible(viewer, id);
		if (!moment.photos().contains(photo)) {
			throw photoNotFound(photo);
		}
		return new Shown<>(media.file(id.value(), photo, size).orElseThrow(() -> photoNotFound(photo)),
				moment.visibility());
	}

	/** Something of a moment, and who may see the moment. */
	public record Shown<T>(T value, Visibility visibility) {}

	private static Rejection photoNotFound(UUID photo) {
		return Rejection.notFound("photo-not-found", "No photo " + photo + " in this moment");
	}

	@Transactional(readOnly = true)
	public Seen read(UserId viewer, MomentId id) {
		var moment = visible(viewer, id);
		return new Seen(moment, nameOf(moment.author()), likes(moment, viewer));
	}

	/** An author's moments the viewer may see, newest first. */
	@Transactional(readOnly = true)
	public Page<Seen> momentsBy(UserId viewer, UserId author, @Nullable String pageToken, int size) {
		checkSize(size);
		var authorName = viewer.equals(author) ? profile(author).displayName() : visibleProfile(viewer, author)
				.displayName();
		var listing = AUTHOR_MOMENTS + ":" + author.value();
		var shown = new ArrayList<Seen>();
		var after = pageToken == null ? null : pageTokens.read("pageToken", listing, 2, pageToken,
				key -> new Position(Instant.parse(key.get(0)), UUID.fromString(key.get(1))));
		// whether the viewer follows the author is asked once, and only of a moment for followers
		var follows = new java.util.concurrent.atomic.AtomicReference<@Nullable Boolean>();
		BooleanSupplier follower = () -> {
			if (follows.get() == null) {
				follows.set(social.follows(viewer, author));
			}
			return Boolean.TRUE.equals(follows.get());
		};
		var visible = new ArrayList<Moment>();
		// moments the viewer may not see are skipped; read on until the page is full or the author has no more
		while (visible.size() <= size) {
			var batch = after == null ? moments.newestBy(author.value(), Limit.of(size + 1))
					: moments.newestByBefore(author.value(), after.at(), after.id(), Limit.of(size + 1));
			for (var moment : batch) {
				if (visible.size() <= size && moment.isVisibleTo(audience(viewer, moment, false, follower))) {
					visible.add(moment);
				}
			}
			if (batch.size() < size + 1) {
				break;
			}
			after = new Position(batch.getLast().postedAt(), batch.getLast().momentId().value());
		}
		var liked = liked(viewer, visible);
		visible.forEach(moment -> shown.add(new Seen(moment, authorName, liked.contains(moment.momentId().value()))));
		if (shown.size() <= size) {
			return new Page<>(shown, null);
		}
		shown.removeLast();
		var end = shown.getLast().moment();
		return new Page<>(shown, pageTokens.issue(listing, List.of(end.postedAt().toString(),
				end.momentId().value().toString())));
	}

	/**
	 * The moments among {@code ids} the viewer may see, in the order given: one query for the moments, one for the
	 * viewer's blocks, one for whom among the authors of moments for followers the viewer follows, one for the likes.
	 */
	@Transactional(readOnly = true)
	public List<Seen> seen(UserId viewer, List<MomentId> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		var found = new java.util.HashMap<UUID, Moment>();
		moments.withIds(ids.stream().map(MomentId::value).distinct().toList())
				.forEach(moment -> found.put(moment.momentId().value(), moment));
		var hidden = blocks.around(viewer);
		var followed = social.followsAmong(viewer, found.values().stream()
				.filter(moment -> moment.visibility() == Visibility.FOLLOWERS && !moment.author().equals(viewer))
				.map(Moment::author).distinct().toList());
		var companions = new java.util.HashMap<TripId, Boolean>();
		var visible = new ArrayList<Moment>();
		for (var id : ids) {
			var moment = found.get(id.value());
			if (moment == null || !moment.author().equals(viewer) && moment.isDeleted()) {
				continue;
			}
			var author = moment.author().equals(viewer);
			var blocked = !author && hidden.contains(moment.author());
			var trip = moment.trip();
			var audience = new Moment.Audience(author, blocked, followed.contains(moment.author()),
					!author && !blocked && moment.visibility() == Visibility.COMPANIONS && trip != null
							&& companions.computeIfAbsent(trip, it -> social.travelsOn(it, viewer)));
			if (moment.isVisibleTo(audience)) {
				visible.add(moment);
			}
		}
		var liked = liked(viewer, visible);
		var names = identity.displayNames(visible.stream().map(Moment::author).distinct().toList());
		return visible.stream().map(moment -> new Seen(moment, names.getOrDefault(moment.author(), ""),
				liked.contains(moment.momentId().value()))).toList();
	}

	/** The authors' moments that are not deleted, newest first, after {@code before} when it is given. */
	@Transactional(readOnly = true)
	public List<MomentStamp> newestBy(java.util.Collection<UserId> authors, @Nullable MomentStamp before, int limit) {
		if (authors.isEmpty()) {
			return List.of();
		}
		var query = jdbc.sql("select id, author_id, posted_at from content.moments "
				+ "where author_id in (:authors) and deleted_at is null"
				+ (before == null ? "" : " and (posted_at < :at or posted_at = :at and id < :id)")
				+ " order by posted_at desc, id desc limit :limit")
				.param("authors", authors.stream().map(UserId::value).distinct().toList()).param("limit", limit);
		if (before != null) {
			query = query.param("at", OffsetDateTime.ofInstant(before.postedAt(), ZoneOffset.UTC))
					.param("id", before.id().value());
		}
		return query.query((row, number) -> new MomentStamp(new MomentId(row.getObject("id", UUID.class)),
				new UserId(row.getObject("author_id", UUID.class)),
				row.getObject("posted_at", OffsetDateTime.class).toInstant())).list();
	}

	/** Likes a moment; liking it again changes nothing. */
	@Transactional
	public void like(UserId liker, MomentId id) {
		var moment = visible(liker, id);
		var added = jdbc.sql("insert into content.likes (moment_id, liker_id, liked_at) values (?, ?, ?) "
				+ "on conflict do nothing").params(id.value(), liker.value(), now()).update();
		if (added == 0) {
			return;
		}
		if (moments.countLike(id.value(), 1) == 0) {
			throw Moment.notFound(id);
		}
		events.publishEvent(new ContentEvent.MomentLiked(UUID.randomUUID(), clock.instant(), id, moment.author(),
				liker, profile(liker).displayName()));
	}

	/** Takes a like back; taking back none changes nothing. */
	@Transactional
	public void unlike(UserId liker, MomentId id) {
		visible(liker, id);
		if (jdbc.sql("delete from content.likes where moment_id = ? and liker_id = ?").params(id.value(),
				liker.value()).update() > 0) {
			moments.countLike(id.value(), -1);
		}
	}

	/** Comments on a moment, or replies to one of its comments. */
	@Transactional
	public ShownComment comment(UserId commenter, MomentId id, String text, @Nullable UUID parentId) {
		var moment = visible(commenter, id);
		var parent = parentId == null ? null : comments.findById(parentId)
				.filter(it -> !it.isDeleted() && !blocks.between(commenter, it.author()))
				.orElseThrow(() -> Rejection.notFound("comment-not-found", "No comment " + parentId + " on this moment"));
		var screened = words.screen("text", text);
		var name = profile(commenter).displayName();
		var comment = comments.save(Comment.add(moment, commenter, name, screened == null ? "" : screened, parent,
				clock.instant()));
		if (moments.countComment(id.value(), 1) == 0) {
			throw Moment.notFound(id);
		}
		return new ShownComment(comment, name);
	}

	/** Deletes one's own comment; deleting it again changes nothing. */
	@Transactional
	public void deleteComment(UserId by, UUID commentId) {
		var comment = comments.findById(commentId).orElseThrow(() -> Rejection.notFound("comment-not-found",
				"No comment " + commentId));
		if (comment.delete(by, false, clock.instant())) {
			comments.save(comment);
			moments.countComment(comment.momentId(), -1);
		}
	}

	/** A moment's comments and replies, oldest first, without those of anyone the viewer blocks or is blocked by. */
	@Transactional(readOnly = true)
	public Page<ShownComment> comments(UserId viewer, MomentId id, @Nullable String pageToken, int size) {
		checkSize(size);
		visible(viewer, id);
		var listing = MOMENT_COMMENTS + ":" + id.value();
		var hidden = blocks.around(viewer);
		var after = pageToken == null ? null : pageTokens.read("pageToken", listing, 2, pageToken,
				key -> new Position(Instant.parse(key.get(0)), UUID.fromString(key.get(1))));
		var found = after == null ? comments.oldest(id.value(), Limit.of(size + 1))
				: comments.oldestAfter(id.value(), after.at(), after.id(), Limit.of(size + 1));
		var more = found.size() > size;
		var page = more ? found.subList(0, size) : found;
		var shown = new ArrayList<ShownComment>();
		var names = identity.displayNames(page.stream().map(Comment::author).filter(author -> !hidden.contains(author))
				.distinct().toList());
		for (var comment : page) {
			if (!hidden.contains(comment.author())) {
				shown.add(new ShownComment(comment, names.getOrDefault(comment.author(), "")));
			}
		}
		var last = page.isEmpty() ? null : page.getLast();
		return new Page<>(shown, more && last != null ? pageTokens.issue(listing, List.of(last.createdAt().toString(),
				last.id().toString())) : null);
	}

	/** The moment, if the viewer may see it; else 404, whatever the reason. */
	Moment visible(UserId viewer, MomentId id) {
		return moments.findById(id.value()).filter(moment -> mayView(viewer, moment))
				.orElseThrow(() -> Moment.notFound(id));
	}

	private boolean mayView(UserId viewer, Moment moment) {
		if (!viewer.equals(moment.author()) && moment.isDeleted()) {
			return false;
		}
		return moment.isVisibleTo(audience(viewer, moment, !viewer.equals(moment.author())
				&& blocks.between(viewer, moment.author()), () -> social.follows(viewer, moment.author())));
	}

	/** Who the viewer is to the moment's author, asking the social graph only what the moment's visibility needs. */
	private Moment.Audience audience(UserId viewer, Moment moment, boolean blocked, BooleanSupplier follower) {
		if (viewer.equals(moment.author())) {
			return new Moment.Audience(true, false, false, false);
		}
		var visibility = moment.visibility();
		return new Moment.Audience(false, blocked,
				!blocked && visibility == Visibility.FOLLOWERS && follower.getAsBoolean(),
				!blocked && visibility == Visibility.COMPANIONS && companion(viewer, moment));
	}

	private boolean companion(UserId viewer, Moment moment) {
		return moment.trip() != null && social.travelsOn(moment.trip(), viewer);
	}

	private boolean likes(Moment moment, UserId viewer) {
		return !liked(viewer, List.of(moment)).isEmpty();
	}

	/** Which of the moments the viewer likes, in one query. */
	private java.util.Set<UUID> liked(UserId viewer, List<Moment> shown) {
		if (shown.isEmpty()) {
			return java.util.Set.of();
		}
		return java.util.Set.copyOf(jdbc.sql("select moment_id from content.likes where liker_id = :viewer "
				+ "and moment_id in (:moments)").param("viewer", viewer.value())
				.param("moments", shown.stream().map(moment -> moment.momentId().value()).toList())
				.query(UUID.class).list());
	}

	private PublicProfile visibleProfile(UserId viewer, UserId person) {
		if (blocks.between(viewer, person)) {
			throw Rejection.notFound("account-not-found", "No account " + person.value());
		}
		return profile(person);
	}

	private PublicProfile profile(UserId person) {
		return identity.profile(person).orElseThrow(() -> Rejection.notFound("account-not-found",
				"No account " + person.value()));
	}

	private String nameOf(UserId person) {
		return identity.profile(person).map(PublicProfile::displayName).orElse("");
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
	}

	private static void checkSize(int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
	}

	/** Where a page of moments ended. */
	private record Position(Instant at, UUID id) {}
}
