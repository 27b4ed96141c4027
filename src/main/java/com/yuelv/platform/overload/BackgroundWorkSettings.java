package com.yuelv.platform.overload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The application's asynchronous work (event listeners and other {@code @Async} methods), under
 * {@code yuelv.overload.background.*}. A malformed value fails the start with a message naming its key.
 *
 * @param concurrency how many pieces of work run at once
 * @param calmAfter new work waits while a request was shed within this long; {@code 0} never lets it wait for
 *        shedding
 * @param maxWaiting work that waits for the shedding to end: beyond this many, the oldest run anyway
 * @param maxWait nor does a piece of work wait longer than this
 * @param drainOnStop how long a stopping application goes on running the work still waiting; what is left then is
 *        not lost (an event's publication stays incomplete and is published again at the next start)
 */
@ConfigurationProperties("yuelv.overload.background")
public record BackgroundWorkSettings(
		@DefaultValue("16") int concurrency,
		@DefaultValue("1s") Duration calmAfter,
		@DefaultValue("50000") int maxWaiting,
		@DefaultValue("5m") Duration maxWait,
		@DefaultValue("20s") Duration drainOnStop) {

	private static final String PREFIX = "yuelv.overload.background.";

	public BackgroundWorkSettings {
		if (concurrency < 1) {
			throw new IllegalArgumentException(PREFIX + "concurrency must be at least 1, not " + concurrency);
		}
		if (calmAfter == null || calmAfter.isNegative()) {
			throw new IllegalArgumentException(PREFIX + "calm-after must not be negative, not " + calmAfter);
		}
		if (maxWaiting < 0) {
			throw new IllegalArgumentException(PREFIX + "max-waiting must not be negative, not " + maxWaiting);
		}
		if (maxWait == null || maxWait.isNegative()) {
			throw new IllegalArgumentException(PREFIX + "max-wait must not be negative, not " + maxWait);
		}
		if (drainOnStop == null || drainOnStop.isNegative()) {
			throw new IllegalArgumentException(PREFIX + "drain-on-stop must not be negative, not " + drainOnStop);
		}
	}
}
