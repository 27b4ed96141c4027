package com.yuelv.platform.overload;

/**
 * Whether requests of one priority meet a standing queue, in the spirit of CoDel (Nichols and Jacobson): a request
 * that queued for a thread longer than the target is refused only once requests have kept queueing beyond the target
 * for a whole interval, with no pause of an interval between them. A passing spike (a password hash or an index commit
 * holding the only carrier, a collection) refuses nothing; a queue that stands is drained by refusing what queued too
 * long, which costs little, while what queued less is admitted. Two racing requests may both start an episode; either
 * start is right to within their distance.
 */
final class StandingQueue {

	private static final long NONE = Long.MIN_VALUE;

	private final long targetNanos;
	private final long intervalNanos;
	/** When the current run of requests queueing beyond the target began, or {@link #NONE}. */
	private volatile long aboveSince = NONE;
	/** When a request last queued beyond the target. */
	private volatile long lastAbove = NONE;

	StandingQueue(long targetNanos, long intervalNanos) {
		this.targetNanos = targetNanos;
		this.intervalNanos = intervalNanos;
	}

	/** Whether a request that queued {@code queuedNanos} and reached the filter at {@code now} is to be refused. */
	boolean refuses(long queuedNanos, long now) {
		if (queuedNanos <= targetNanos) {
			return false;
		}
		long since = aboveSince;
		long last = lastAbove;
		if (since == NONE || now - last >= intervalNanos) {
			// the first request beyond the target after a pause of an interval: a new episode
			aboveSince = now;
			since = now;
		}
		if (last != now) {
			lastAbove = now;
		}
		return now - since >= intervalNanos;
	}
}
