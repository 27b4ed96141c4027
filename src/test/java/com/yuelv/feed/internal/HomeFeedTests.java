package com.yuelv.feed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import com.yuelv.content.ContentApi;
import com.yuelv.content.ContentEvent;
import com.yuelv.content.ContentEvent.Visibility;
import com.yuelv.content.MomentCard;
import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.Dependencies;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.social.SocialEvent;
import com.yuelv.trip.TripId;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * How a home feed is written and read, on the store of this process, with the social graph and the moments played by
 * small in-memory stand-ins: fan-out and fan-in merged, a missing timeline built, pages beyond a timeline's capacity,
 * a store that is down, and unfollows, mutes, blocks and deletions taking effect.
 */
class HomeFeedTests {

	static final int CAPACITY = 10;
	static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

	final Graph social = new Graph();
	final Moments content = new Moments();
	final Set<UserId> heavy = new HashSet<>();
	final HeavyAuthors heavyAuthors = mock(HeavyAuthors.class);
	final FeedSettings settings = new FeedSettings(false, CAPACITY, 2, Duration.ofDays(1), 1_000, "unused:");
	Timelines timelines = new MemoryTimelines(settings);
	final PageTokens pageTokens = new PageTokens("a secret of thirty-two bytes or more".getBytes());
	int second;

	final Erased erased = new Erased();

	HomeFeedTests() {
		when(heavyAuthors.all()).thenAnswer(invocation -> Set.copyOf(heavy));
		doAnswer(invocation -> heavy.add(invocation.getArgument(0))).when(heavyAuthors).add(any(), anyLong());
	}

	HomeFeed feed(Dependencies dependencies) {
		return new HomeFeed(timelines, heavyAuthors, social, content, dependencies, pageTokens, settings);
	}

	HomeFeed feed() {
		return feed(new Unguarded());
	}

	FanOut fanOut() {
		return new FanOut(timelines, social, content, heavyAuthors, settings, erased, new SimpleMeterRegistry());
	}

	UserId someone() {
		return new UserId(UUID.randomUUID());
	}

	/** A moment posted now, announced to the feed as the content module does. */
	MomentStamp post(UserId author) {
		var stamp = new MomentStamp(new MomentId(UUID.randomUUID()), author, T0.plusSeconds(second++));
		content.moments.add(stamp);
		fanOut().on(new ContentEvent.MomentPosted(UUID.randomUUID(), stamp.postedAt(), stamp.id(), author, "Someone",
				Visibility.PUBLIC, null, List.of()));
		return stamp;
	}

	/** Every page of the viewer's feed, with pages of the given size. */
	List<UUID> everything(HomeFeed feed, UserId viewer, int size) {
		var seen = new ArrayList<UUID>();
		String token = null;
		do {
			var page = feed.read(viewer, token, size);
			page.items().forEach(card -> seen.add(card.id()));
			token = page.nextPageToken();
		}
		while (token != null);
		return seen;
	}

	static List<UUID> newestFirst(List<MomentStamp> stamps) {
		return stamps.stream().sorted(MomentStamp.NEWEST_FIRST).map(stamp -> stamp.id().value()).toList();
	}

	@Test
	void anErasedPersonLeavesEveryTimelineAndAMomentOfTheirsArrivingLateIsDropped() {
		var viewer = someone();
		var leaving = someone();
		var staying = someone();
		social.follow(viewer, leaving);
		social.follow(viewer, staying);
		social.follow(leaving, staying);
		feed().read(viewer, null, 1);
		feed().read(leaving, null, 1);
		post(leaving);
		var kept = post(staying);
		var late = new MomentStamp(new MomentId(UUID.randomUUID()), leaving, T0.plusSeconds(second++));

		erased.requestErasure(leaving);
		timelines.erase(leaving);
		fanOut().on(new ContentEvent.MomentPosted(UUID.randomUUID(), late.postedAt(), late.id(), leaving, "Leaving",
				Visibility.PUBLIC, null, List.of()));

		assertThat(timelines.read(viewer, null, 100).entries()).containsExactly(kept);
		assertThat(timelines.read(leaving, null, 100).state()).isEqualTo(Timelines.State.MISSING);
	}

	@Test
	void mergesTheTimelineWithTheHeavyAuthorsReadOnEveryPage() {
		var viewer = someone();
		var ordinary = someone();
		var famous = someone();
		social.follow(viewer, ordinary);
		social.follow(viewer, famous);
		social.follow(someone(), famous);
		social.follow(someone(), famous);
		feed().read(viewer, null, 1);

		var posted = new ArrayList<MomentStamp>();
		for (var i = 0; i < 4; i++) {
			posted.add(post(ordinary));
			posted.add(post(famous));
		}
		posted.add(post(viewer));

		assertThat(heavy).as("3 followers, over the threshold of 2").containsExactly(famous);
		assertThat(timelines.read(viewer, null, 100).entries()).as("only the ordinary author and the viewer fanned out")
				.extracting(MomentStamp::author).containsOnly(ordinary, viewer);
		assertThat(everything(feed(), viewer, 2)).containsExactlyElementsOf(newestFirst(posted));
		assertThat(everything(feed(), viewer, 50)).containsExactlyElementsOf(newestFirst(posted));
	}

	@Test
	void buildsAMissingTimelineFromTheMomentsAndKeepsItWritten() {
		var viewer = someone();
		var ann = someone();
		social.follow(viewer, ann);
		var before = List.of(post(ann), post(ann), post(viewer));
		assertThat(timelines.read(viewer, null, 10).state()).isEqualTo(Timelines.State.MISSING);

		assertThat(everything(feed(), viewer, 2)).containsExactlyElementsOf(newestFirst(before));
		assertThat(timelines.read(viewer, null, 10).entries()).hasSize(3);
		var after = post(ann);
		assertThat(timelines.read(viewer, null, 10).entries()).first().isEqualTo(after);
	}

	@Test
	void readsOnFromTheMomentsPastTheCapacityOfATimeline() {
		var viewer = someone();
		var ann = someone();
		social.follow(viewer, ann);
		feed().read(viewer, null, 1);
		var posted = new ArrayList<MomentStamp>();
		for (var i = 0; i < CAPACITY * 2 + 5; i++) {
			posted.add(post(ann));
		}
		assertThat(timelines.read(viewer, null, 100).entries()).hasSize(CAPACITY);
		assertThat(everything(feed(), viewer, 4)).containsExactlyElementsOf(newestFirst(posted));
	}

	@Test
	void withoutTheStoreReadsEveryPageFromTheMomentsMarkedDegraded() {
		var viewer = someone();
		var ann = someone();
		var ben = someone();
		social.follow(viewer, ann);
		social.follow(viewer, ben);
		var posted = List.of(post(ann), post(ben), post(ann), post(viewer), post(ben));
		timelines = new Down();
		var feed = feed();

		var first = feed.read(viewer, null, 2);
		assertThat(first.degraded()).isTrue();
		assertThat(everything(feed, viewer, 2)).containsExactlyElementsOf(newestFirst(posted));
	}

	@Test
	void unfollowsMutesBlocksAndDeletionsTakeEffectOnTheNextRead() {
		var viewer = someone();
		var ann = someone();
		var ben = someone();
		var cal = someone();
		var dee = someone();
		for (var person : List.of(ann, ben, cal, dee)) {
			social.follow(viewer, person);
		}
		feed().read(viewer, null, 1);
		var anns = post(ann);
		var bens = post(ben);
		var cals = post(cal);
		var dees = post(dee);
		var kept = post(dee);
		assertThat(everything(feed(), viewer, 10)).hasSize(5);

		social.following.get(viewer).remove(ann);
		social.muted.computeIfAbsent(viewer, it -> new HashSet<>()).add(ben);
		content.hiddenFrom.put(viewer, Set.of(cal));
		content.deleted.add(dees.id());

		assertThat(everything(feed(), viewer, 10)).containsExactly(kept.id().value());
		assertThat(timelines.read(viewer, null, 10).entries()).as("cleaned out after, by the events")
				.contains(anns, bens, cals, dees);
		fanOut().on(new SocialEvent.Unfollowed(UUID.randomUUID(), T0, viewer, ann));
		fanOut().on(new SocialEvent.Blocked(UUID.randomUUID(), T0, cal, viewer));
		fanOut().on(new ContentEvent.MomentDeleted(UUID.randomUUID(), T0, dees.id(), dee, List.of()));
		assertThat(timelines.read(viewer, null, 10).entries()).containsExactly(kept, bens);
	}

	@Test
	void aFollowBringsTheLatestMomentsOfTheFollowedIn() {
		var viewer = someone();
		var ann = someone();
		feed().read(viewer, null, 1);
		var anns = List.of(post(ann), post(ann));
		social.follow(viewer, ann);
		fanOut().on(new SocialEvent.Followed(UUID.randomUUID(), T0, viewer, ann, "Viewer"));
		assertThat(timelines.read(viewer, null, 10).entries()).containsExactlyInAnyOrderElementsOf(anns);
	}

	@Test
	void refusesAPageTokenOfAnotherViewer() {
		var viewer = someone();
		var ann = someone();
		social.follow(viewer, ann);
		post(ann);
		post(ann);
		var token = feed().read(viewer, null, 1).nextPageToken();
		assertThat(token).isNotNull();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> feed().read(someone(), token, 1))
				.isInstanceOf(com.yuelv.shared.Rejection.class);
	}

	/** Calls without any guard; a failing call gets the fallback, as the platform's guard gives it. */
	static final class Unguarded implements Dependencies {

		@Override
		public <T> T call(String dependency, Supplier<T> call, Supplier<Optional<T>> fallback) {
			try {
				return call.get();
			}
			catch (RuntimeException failed) {
				return fallback.get().orElseThrow(() -> failed);
			}
		}

		@Override
		public <K, V> Lookups<K, V> lastKnownAnswers(String dependency, Duration keptFor, long most) {
			throw new UnsupportedOperationException();
		}
	}

	/** A store that is down. */
	static final class Down implements Timelines {

		@Override
		public Slice read(UserId owner, @Nullable MomentStamp before, int limit) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean begin(UserId owner) {
			throw new IllegalStateException("down");
		}

		@Override
		public void fill(UserId owner, List<MomentStamp> entries) {
			throw new IllegalStateException("down");
		}

		@Override
		public int add(Collection<UserId> owners, MomentStamp entry) {
			throw new IllegalStateException("down");
		}

		@Override
		public void remove(Collection<UserId> owners, MomentId moment, UserId author) {
			throw new IllegalStateException("down");
		}

		@Override
		public void removeAuthor(UserId owner, UserId author) {
			throw new IllegalStateException("down");
		}

		@Override
		public void erase(UserId person) {
			throw new IllegalStateException("down");
		}
	}

	/** The people erased, as a set. */
	static final class Erased implements com.yuelv.shared.ErasedPeople {

		final Set<UserId> people = new java.util.HashSet<>();

		@Override
		public void requestErasure(UserId person) {
			people.add(person);
		}

		@Override
		public boolean includesAnyOf(UserId... candidates) {
			return java.util.Arrays.stream(candidates).anyMatch(people::contains);
		}

		@Override
		public UserId pseudonymOf(UserId person) {
			return new UserId(UUID.nameUUIDFromBytes(person.value().toString().getBytes()));
		}
	}

	/** Who follows and mutes whom. */
	static final class Graph implements SocialApi {

		final Map<UserId, Set<UserId>> following = new HashMap<>();
		final Map<UserId, Set<UserId>> muted = new HashMap<>();

		void follow(UserId follower, UserId followee) {
			following.computeIfAbsent(follower, it -> new HashSet<>()).add(followee);
		}

		@Override
		public boolean follows(UserId follower, UserId followee) {
			return following.getOrDefault(follower, Set.of()).contains(followee);
		}

		@Override
		public long followerCount(UserId person) {
			return following.values().stream().filter(followees -> followees.contains(person)).count();
		}

		@Override
		public List<UserId> followers(UserId person, @Nullable UserId after, int limit) {
			return batch(following.entrySet().stream().filter(entry -> entry.getValue().contains(person))
					.map(Map.Entry::getKey).toList(), after, limit);
		}

		@Override
		public List<UserId> following(UserId person, @Nullable UserId after, int limit) {
			return batch(List.copyOf(following.getOrDefault(person, Set.of())), after, limit);
		}

		private static List<UserId> batch(List<UserId> people, @Nullable UserId after, int limit) {
			return people.stream().sorted(java.util.Comparator.comparing(person -> person.value().toString()))
					.filter(person -> after == null || person.value().toString().compareTo(after.value().toString()) > 0)
					.limit(limit).toList();
		}

		@Override
		public Set<UserId> followsAmong(UserId follower, Collection<UserId> candidates) {
			var followed = new HashSet<>(candidates);
			followed.retainAll(following.getOrDefault(follower, Set.of()));
			return followed;
		}

		@Override
		public Set<UserId> muted(UserId person) {
			return Set.copyOf(muted.getOrDefault(person, Set.of()));
		}

		@Override
		public boolean travelsOn(TripId trip, UserId person) {
			return false;
		}

		@Override
		public List<UserId> travellers(TripId trip) {
			return List.of();
		}
	}

	/** Moments, some deleted, some hidden from some viewers (as a block or a visibility hides them). */
	static final class Moments implements ContentApi {

		final List<MomentStamp> moments = new ArrayList<>();
		final Set<MomentId> deleted = new HashSet<>();
		final Map<UserId, Set<UserId>> hiddenFrom = new HashMap<>();

		@Override
		public List<MomentCard> cards(UserId viewer, List<MomentId> ids) {
			var cards = new ArrayList<MomentCard>();
			for (var id : ids) {
				moments.stream().filter(stamp -> stamp.id().equals(id) && !deleted.contains(id)
						&& !hiddenFrom.getOrDefault(viewer, Set.of()).contains(stamp.author())).findFirst()
						.ifPresent(stamp -> cards.add(new MomentCard(id.value(), stamp.author().value(), "Someone",
								"text", Visibility.PUBLIC, null, null, List.of(), stamp.postedAt(), null, 0, 0, false)));
			}
			return cards;
		}

		@Override
		public List<MomentStamp> newestBy(Collection<UserId> authors, @Nullable MomentStamp before, int limit) {
			return moments.stream().filter(stamp -> authors.contains(stamp.author()) && !deleted.contains(stamp.id())
					&& (before == null || stamp.isAfter(before))).sorted(MomentStamp.NEWEST_FIRST).limit(limit)
					.toList();
		}
	}
}
