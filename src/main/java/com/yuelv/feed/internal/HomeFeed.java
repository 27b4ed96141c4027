package com.yuelv.feed.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import com.yuelv.content.ContentApi;
import com.yuelv.content.MomentCard;
import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.Dependencies;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;

/**
 * Reads a home feed: the viewer's own moments and those of the people they follow, newest first, one page at a time.
 * <p>
 * A page merges two sources after the previous page's last moment: the viewer's timeline, and the latest moments of
 * the authors read by fan-in whom the viewer follows. A timeline that is missing is built from the moments of
 * everyone the viewer follows; one that is being built, or whose older pages lie beyond its capacity, gives way to the
 * same reading from the moments. Without the store (down, or its circuit open) every page is read that way, and marked
 * degraded. What the sources give is then filtered by the present: authors the viewer no longer follows or muted are
 * left out, and content leaves out moments deleted, hidden by a block or not visible to the viewer. A page short of
 * its size after filtering reads on, for at most {@value #ROUNDS} rounds.
 */
@Service
public class HomeFeed {

	/** Name of the guarded dependency: the timeline store. */
	public static final String DEPENDENCY = "timelines";
	static final int MAX_PAGE_SIZE = 50;
	static final int ROUNDS = 5;
	private static final String LISTING = "home-feed:";

	private final Timelines timelines;
	private final HeavyAuthors heavyAuthors;
	private final SocialApi social;
	private final ContentApi content;
	private final Dependencies dependencies;
	private final PageTokens pageTokens;
	private final FeedSettings settings;

	HomeFeed(Timelines timelines, HeavyAuthors heavyAuthors, SocialApi social, ContentApi content,
			Dependencies dependencies, PageTokens pageTokens, FeedSettings settings) {
		this.timelines = timelines;
		this.heavyAuthors = heavyAuthors;
		this.social = social;
		this.content = content;
		this.dependencies = dependencies;
		this.pageTokens = pageTokens;
		this.settings = settings;
	}

	/**
	 * A page of the feed.
	 *
	 * @param degraded whether it was read without the timeline store
	 */
	public record Page(List<MomentCard> items, @Nullable String nextPageToken, boolean degraded) {}

	/** Moments from some sources after a position, newest first, and whether the sources hold more after them. */
	private record Candidates(List<MomentStamp> stamps, boolean more) {}

	/** In one read-only transaction, so that the modules it asks share one connection. */
	@org.springframework.transaction.annotation.Transactional(readOnly = true)
	public Page read(UserId viewer, @Nullable String pageToken, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		var listing = LISTING + viewer.value();
		var cursor = pageToken == null ? null : pageTokens.read("pageToken", listing, 3, pageToken,
				key -> new MomentStamp(new MomentId(UUID.fromString(key.get(0))), new UserId(UUID.fromString(key.get(1))),
						Instant.parse(key.get(2))));
		var degraded = new AtomicBoolean();
		var heavy = among(viewer, heavyAuthors.all());
		var muted = social.muted(viewer);
		var shown = new ArrayList<MomentCard>();
		var more = true;
		for (var round = 0; round < ROUNDS && more && shown.size() <= size; round++) {
			var candidates = candidates(viewer, cursor, size + 1, heavy, degraded);
			more = candidates.more();
			if (candidates.stamps().isEmpty()) {
				break;
			}
			var followed = among(viewer, candidates.stamps().stream().map(MomentStamp::author)
					.filter(author -> !author.equals(viewer)).distinct().toList());
			var kept = candidates.stamps().stream().filter(stamp -> stamp.author().equals(viewer)
					|| followed.contains(stamp.author()) && !muted.contains(stamp.author())).map(MomentStamp::id)
					.toList();
			shown.addAll(content.cards(viewer, kept));
			cursor = candidates.stamps().getLast();
		}
		String next = null;
		if (shown.size() > size) {
			shown.subList(size, shown.size()).clear();
			next = token(listing, stampOf(shown.getLast()));
		}
		else if (more && cursor != null) {
			next = token(listing, cursor);
		}
		return new Page(List.copyOf(shown), next, degraded.get());
	}

	/** What the timeline and the heavy authors the viewer follows hold after the cursor. */
	private Candidates candidates(UserId viewer, @Nullable MomentStamp cursor, int want, Set<UserId> heavy,
			AtomicBoolean degraded) {
		var slice = guarded(() -> timelines.read(viewer, cursor, want), degraded);
		Candidates fromTimeline;
		if (slice.isEmpty()) {
			fromTimeline = fromMoments(viewer, cursor, want);
		}
		else if (slice.get().state() == Timelines.State.READY) {
			var entries = slice.get().entries();
			if (entries.size() < want && slice.get().size() >= settings.capacity()) {
				// the timeline ends here, older moments fell off its end: read on from the moments
				var older = fromMoments(viewer, entries.isEmpty() ? cursor : entries.getLast(), want - entries.size());
				var both = new ArrayList<>(entries);
				both.addAll(older.stamps());
				fromTimeline = new Candidates(both, older.more());
			}
			else {
				fromTimeline = new Candidates(entries, entries.size() == want);
			}
		}
		else if (slice.get().state() == Timelines.State.MISSING
				&& guarded(() -> timelines.begin(viewer), degraded).orElse(false)) {
			var built = fromMoments(viewer, null, settings.capacity()).stamps();
			guarded(() -> {
				timelines.fill(viewer, built);
				return true;
			}, degraded);
			var after = built.stream().filter(stamp -> cursor == null || stamp.isAfter(cursor)).limit(want).toList();
			fromTimeline = new Candidates(after, after.size() == want || built.size() == settings.capacity());
		}
		else {
			fromTimeline = fromMoments(viewer, cursor, want);
		}
		if (heavy.isEmpty()) {
			return fromTimeline;
		}
		var fromHeavy = newestBy(heavy, cursor, want);
		return merge(want, fromTimeline, fromHeavy);
	}

	/** The newest moments of the viewer and everyone they follow after the cursor, read from the moments. */
	private Candidates fromMoments(UserId viewer, @Nullable MomentStamp cursor, int want) {
		var found = newestBy(List.of(viewer), cursor, want);
		@Nullable UserId after = null;
		List<UserId> followees;
		do {
			followees = social.following(viewer, after, SocialApi.MAX_BATCH);
			if (!followees.isEmpty()) {
				found = merge(want, found, newestBy(followees, cursor, want));
				after = followees.getLast();
			}
		}
		while (followees.size() == SocialApi.MAX_BATCH);
		return found;
	}

	private Candidates newestBy(Collection<UserId> authors, @Nullable MomentStamp cursor, int want) {
		var found = new Candidates(List.of(), false);
		for (var batch : batches(authors, ContentApi.MAX_BATCH)) {
			var stamps = content.newestBy(batch, cursor, want);
			found = merge(want, found, new Candidates(stamps, stamps.size() == want));
		}
		return found;
	}

	/** The newest {@code want} of both, each moment once; more if either had more or some were cut. */
	private static Candidates merge(int want, Candidates one, Candidates other) {
		var byId = new LinkedHashMap<MomentId, MomentStamp>();
		one.stamps().forEach(stamp -> byId.put(stamp.id(), stamp));
		other.stamps().forEach(stamp -> byId.putIfAbsent(stamp.id(), stamp));
		var merged = new ArrayList<>(byId.values());
		merged.sort(MomentStamp.NEWEST_FIRST);
		var cut = merged.size() > want;
		return new Candidates(cut ? List.copyOf(merged.subList(0, want)) : merged, cut || one.more() || other.more());
	}

	/** Which of the people the viewer follows, asked in batches. */
	private Set<UserId> among(UserId viewer, Collection<UserId> people) {
		var followed = new HashSet<UserId>();
		batches(people, SocialApi.MAX_BATCH).forEach(batch -> followed.addAll(social.followsAmong(viewer, batch)));
		return followed;
	}

	/** The people in lists of at most {@code size}, as the other modules' batch calls take them. */
	private static List<List<UserId>> batches(Collection<UserId> people, int size) {
		var all = List.copyOf(people);
		var batches = new ArrayList<List<UserId>>();
		for (var from = 0; from < all.size(); from += size) {
			batches.add(all.subList(from, Math.min(all.size(), from + size)));
		}
		return batches;
	}

	/** The store's answer, or none when it is down (the page is then degraded). */
	private <T> Optional<T> guarded(java.util.function.Supplier<T> call, AtomicBoolean degraded) {
		return dependencies.call(DEPENDENCY, () -> Optional.of(call.get()), () -> {
			degraded.set(true);
			return Optional.of(Optional.empty());
		});
	}

	private String token(String listing, MomentStamp last) {
		return pageTokens.issue(listing, List.of(last.id().value().toString(), last.author().value().toString(),
				last.postedAt().toString()));
	}

	private static MomentStamp stampOf(MomentCard card) {
		return new MomentStamp(new MomentId(card.id()), new UserId(card.authorId()), card.postedAt());
	}
}
