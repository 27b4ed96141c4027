package com.yuelv.shared;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Calendar days as a platform used all over the world sees them. */
public final class Days {

	/** The last time zone to start a day (UTC-12). */
	private static final ZoneOffset LAST_TIME_ZONE = ZoneOffset.ofHours(-12);

	private Days() {}

	/**
	 * Today where the day started last: a date before it is in the past everywhere on Earth, so a trip ending before
	 * it has ended for everyone, and a trip may start on it without starting in the past anywhere.
	 */
	public static LocalDate lastToday(Clock clock) {
		return LocalDate.ofInstant(clock.instant(), LAST_TIME_ZONE);
	}
}
