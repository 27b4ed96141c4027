package com.yuelv.feed.internal;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.UserId;

/**
 * Timelines in this process, for embedded mode: a Caffeine cache of sorted sets that drops a timeline its owner has
 * not read for the idle expiry, and the least recently read when it holds too many.
 */
final class MemoryTimelines implements Timelines {

	private final Cache<UserId, Timeline> timelines;
	private final int capacity;

	MemoryTimelines(FeedSettings settings) {
		this.capacity = settings.capacity();
		this.timelines = Caffeine.newBuilder().expireAfterAccess(settings.idleExpiry())
				.maximumSize(settings.memoryMaxTimelines()).build();
	}

	/** One owner's entries, guarded by its own monitor. */
	private static final class Timeline {

		private final TreeSet<MomentStamp> entries = new TreeSet<>(MomentStamp.NEWEST_FIRST);

		/** When its building began ({@link System#nanoTime()}), {@code null} once it is ready. */
		private @Nullable Long buildingSince = System.nanoTime();

		boolean isBuilding() {
			return buildingSince != null && System.nanoTime() - buildingSince < BUILD_TIME.toNanos();
		}
	}

	@Override
	public Slice read(UserId owner, @Nullable MomentStamp before, int limit) {
		var timeline = timelines.getIfPresent(owner);
		if (timeline == null) {
			return Slice.MISSING;
		}
		synchronized (timeline) {
			if (timeline.buildingSince != null) {
				return timeline.isBuilding() ? Slice.BUILDING : Slice.MISSING;
			}
			var after = before == null ? timeline.entries : timeline.entries.tailSet(before, false);
			return new Slice(State.READY, after.stream().limit(limit).toList(), timeline.entries.size());
		}
	}

	@Override
	public boolean begin(UserId owner) {
		var created = new boolean[1];
		var timeline = timelines.get(owner, key -> {
			created[0] = true;
			return new Timeline();
		});
		if (created[0]) {
			return true;
		}
		synchronized (timeline) {
			if (timeline.buildingSince == null || timeline.isBuilding()) {
				return false;
			}
			timeline.buildingSince = System.nanoTime();
			return true;
		}
	}

	@Override
	public void fill(UserId owner, List<MomentStamp> entries) {
		var timeline = timelines.getIfPresent(owner);
		if (timeline == null) {
			return;
		}
		synchronized (timeline) {
			timeline.entries.addAll(entries);
			trim(timeline);
			timeline.buildingSince = null;
		}
	}

	@Override
	public int add(Collection<UserId> owners, MomentStamp entry) {
		var added = 0;
		for (var owner : owners) {
			// a write is not a read: it must not keep a timeline nobody reads from expiring
			var timeline = timelines.policy().getIfPresentQuietly(owner);
			if (timeline != null) {
				synchronized (timeline) {
					timeline.entries.add(entry);
					trim(timeline);
				}
				added++;
			}
		}
		return added;
	}

	@Override
	public void remove(Collection<UserId> owners, MomentId moment, UserId author) {
		for (var owner : owners) {
			var timeline = timelines.policy().getIfPresentQuietly(owner);
			if (timeline != null) {
				synchronized (timeline) {
					timeline.entries.removeIf(entry -> entry.id().equals(moment));
				}
			}
		}
	}

	@Override
	public void removeAuthor(UserId owner, UserId author) {
		var timeline = timelines.policy().getIfPresentQuietly(owner);
		if (timeline != null) {
			synchronized (timeline) {
				timeline.entries.removeIf(entry -> entry.author().equals(author));
			}
		}
	}

	@Override
	public void erase(UserId person) {
		timelines.invalidate(person);
		for (var timeline : timelines.asMap().values()) {
			synchronized (timeline) {
				timeline.entries.removeIf(entry -> entry.author().equals(person));
			}
		}
	}

	private void trim(Timeline timeline) {
		while (timeline.entries.size() > capacity) {
			timeline.entries.pollLast();
		}
	}
}
