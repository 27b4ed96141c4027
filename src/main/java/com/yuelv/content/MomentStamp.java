package com.yuelv.content;

import java.time.Instant;
import java.util.Comparator;

import com.yuelv.shared.UserId;

/**
 * Which moment, whose, and when it was posted (to the millisecond): what a timeline holds of a moment. Moments are
 * ordered newest first, and among moments of the same millisecond by their ids' text, descending, which is also the
 * order of the ids' bytes.
 */
public record MomentStamp(MomentId id, UserId author, Instant postedAt) {

	/** Newest first; the same order everywhere moments are listed, so that pages over merged sources meet exactly. */
	public static final Comparator<MomentStamp> NEWEST_FIRST = Comparator.comparing(MomentStamp::postedAt)
			.thenComparing(stamp -> stamp.id().value().toString()).reversed();

	/** Whether this comes after {@code other} in {@link #NEWEST_FIRST} order. */
	public boolean isAfter(MomentStamp other) {
		return NEWEST_FIRST.compare(this, other) > 0;
	}
}
