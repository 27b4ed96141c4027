package com.yuelv.feed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.UserId;

/** What every timeline store does: {@link MemoryTimelinesTests} and {@link RedisTimelinesTests} check it on each. */
abstract class TimelinesContract {

	static final int CAPACITY = 10;
	static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

	static FeedSettings settings(String prefix) {
		return new FeedSettings(false, CAPACITY, 100, Duration.ofDays(1), 1_000, prefix);
	}

	static MomentStamp stamp(UserId author, int second) {
		return new MomentStamp(new MomentId(UUID.randomUUID()), author, T0.plusSeconds(second));
	}

	static UserId someone() {
		return new UserId(UUID.randomUUID());
	}

	abstract Timelines timelines();

	/** A ready timeline for a new owner, holding the entries. */
	UserId ready(List<MomentStamp> entries) {
		var owner = someone();
		assertThat(timelines().begin(owner)).isTrue();
		timelines().fill(owner, entries);
		return owner;
	}

	@Test
	void aTimelineIsMissingUntilBuiltAndBeingBuiltUntilFilled() {
		var owner = someone();
		assertThat(timelines().read(owner, null, 5).state()).isEqualTo(Timelines.State.MISSING);
		assertThat(timelines().add(List.of(owner), stamp(someone(), 1))).as("no timeline, no write").isZero();

		assertThat(timelines().begin(owner)).isTrue();
		assertThat(timelines().begin(owner)).as("someone builds it already").isFalse();
		assertThat(timelines().read(owner, null, 5).state()).isEqualTo(Timelines.State.BUILDING);
		var postedWhileBuilt = stamp(someone(), 5);
		assertThat(timelines().add(List.of(owner), postedWhileBuilt)).isOne();

		var old = stamp(someone(), 1);
		timelines().fill(owner, List.of(old));
		var slice = timelines().read(owner, null, 5);
		assertThat(slice.state()).isEqualTo(Timelines.State.READY);
		assertThat(slice.entries()).containsExactly(postedWhileBuilt, old);
		assertThat(slice.size()).isEqualTo(2);
		assertThat(timelines().begin(owner)).as("ready").isFalse();
	}

	@Test
	void readsNewestFirstAfterAPositionIncludingTiesOfOneMillisecond() {
		var author = someone();
		var entries = new ArrayList<MomentStamp>();
		for (var i = 0; i < 4; i++) {
			entries.add(stamp(author, 10));
		}
		entries.add(stamp(author, 11));
		entries.add(stamp(author, 9));
		var owner = ready(entries);
		var expected = entries.stream().sorted(MomentStamp.NEWEST_FIRST).toList();

		var seen = new ArrayList<MomentStamp>();
		MomentStamp after = null;
		while (true) {
			var page = timelines().read(owner, after, 2).entries();
			if (page.isEmpty()) {
				break;
			}
			seen.addAll(page);
			after = page.getLast();
		}
		assertThat(seen).containsExactlyElementsOf(expected);
	}

	@Test
	void keepsTheNewestUpToItsCapacity() {
		var author = someone();
		var owner = ready(IntStream.range(0, CAPACITY + 5).mapToObj(i -> stamp(author, i)).toList());
		var newest = stamp(author, 100);
		timelines().add(List.of(owner), newest);
		var all = timelines().read(owner, null, 100);
		assertThat(all.size()).isEqualTo(CAPACITY);
		assertThat(all.entries()).hasSize(CAPACITY).first().isEqualTo(newest);
		assertThat(all.entries().getLast().postedAt()).isEqualTo(T0.plusSeconds(6));
	}

	@Test
	void writesToManyAndTakesOutOneMomentOrEveryMomentOfAnAuthor() {
		var ann = someone();
		var ben = someone();
		var owners = List.of(ready(List.of()), ready(List.of()), someone());
		var annsFirst = stamp(ann, 1);
		var annsSecond = stamp(ann, 2);
		var bens = stamp(ben, 3);
		assertThat(timelines().add(owners, annsFirst)).isEqualTo(2);
		timelines().add(owners, annsSecond);
		timelines().add(owners, annsSecond);
		timelines().add(owners, bens);
		assertThat(timelines().read(owners.get(0), null, 10).entries()).containsExactly(bens, annsSecond, annsFirst);

		timelines().remove(owners, annsSecond.id(), ann);
		assertThat(timelines().read(owners.get(1), null, 10).entries()).containsExactly(bens, annsFirst);
		timelines().removeAuthor(owners.get(0), ann);
		assertThat(timelines().read(owners.get(0), null, 10).entries()).containsExactly(bens);
		assertThat(timelines().read(owners.get(1), null, 10).entries()).containsExactly(bens, annsFirst);
	}
}
