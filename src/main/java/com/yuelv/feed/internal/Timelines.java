package com.yuelv.feed.internal;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.UserId;

/**
 * Where timelines are kept: per owner the stamps of the moments written into their feed, newest first
 * ({@link MomentStamp#NEWEST_FIRST}), at most {@link FeedSettings#capacity()} of them. A timeline is there from the
 * moment its building {@linkplain #begin begins}; one whose owner has not read it for
 * {@link FeedSettings#idleExpiry()} is dropped, as is every timeline the store loses. Writes go to timelines that are
 * there only: a missing one is built from the moments when its owner next reads.
 */
interface Timelines {

	/** Whether an owner's timeline is there, being built, or missing. */
	enum State {
		READY, BUILDING, MISSING
	}

	/**
	 * Entries of a timeline after a stamp, and how many entries the timeline holds in all.
	 *
	 * @param entries newest first, only when {@code state} is {@link State#READY}
	 */
	record Slice(State state, List<MomentStamp> entries, long size) {

		static final Slice MISSING = new Slice(State.MISSING, List.of(), 0);

		static final Slice BUILDING = new Slice(State.BUILDING, List.of(), 0);
	}

	/**
	 * Reads up to {@code limit} entries of the owner's timeline after {@code before} (from the newest when
	 * {@code null}); reading keeps the timeline from expiring.
	 */
	Slice read(UserId owner, @Nullable MomentStamp before, int limit);

	/** How long a timeline may be being built before another reader takes the building over. */
	java.time.Duration BUILD_TIME = java.time.Duration.ofSeconds(30);

	/**
	 * Makes an empty timeline for the owner, if there is none or its building was abandoned ({@link #BUILD_TIME}),
	 * marked as being built: from now on, moments posted are written into it, so that none falls between the moments
	 * {@link #fill} adds and those posted while it is built.
	 *
	 * @return whether the caller is to fill it
	 */
	boolean begin(UserId owner);

	/** Adds the entries to a timeline being built, keeps the newest {@link FeedSettings#capacity()} and marks it ready. */
	void fill(UserId owner, List<MomentStamp> entries);

	/**
	 * Writes the entry into the timelines of those owners that have one, dropping each one's oldest beyond the
	 * capacity.
	 *
	 * @return how many timelines got it
	 */
	int add(Collection<UserId> owners, MomentStamp entry);

	/** Takes the author's moment out of the owners' timelines. */
	void remove(Collection<UserId> owners, MomentId moment, UserId author);

	/** Takes every entry of the author out of the owner's timeline. */
	void removeAuthor(UserId owner, UserId author);

	/**
	 * Drops the person's own timeline and takes their entries out of every other: visits every timeline, for an
	 * erasure, not for a request.
	 */
	void erase(UserId person);
}
