package com.yuelv.platform.overload;

/**
 * Whether requests of one priority meet a standing queue, after CoDel (Nichols and Jacobson): a request that queued
 * for a thread longer than the target is refused only once every request for a whole interval has queued beyond the
 * target, that is, when even the shortest queueing of the interval was too long. A passing spike (a password hash or an
 * index commit holding a carrier, a collection) refuses nothing, because requests between spikes queue less; a queue
 * that stands is drained by refusing what queued too long, which costs little next to serving it. A request that
 * queued less than the target, or a pause of an interval with no request beyond it, ends the episode. Two racing
 * requests may both start or end an episode; either is right to within their distance.
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
			if (aboveSince != NONE) {
				aboveSince = NONE;
			}
			return false;
		}
		long since = aboveSince;
		long last = lastAbove;
		if (since == NONE || now - last >= intervalNanos) {
			// the first request beyond the target, or the first after a pause of an interval: a new episode
			aboveSince = now;
			since = now;
		}
		lastAbove = now;
		return now - since >= intervalNanos;
	}
}
