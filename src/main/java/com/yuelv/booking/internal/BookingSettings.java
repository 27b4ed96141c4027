package com.yuelv.booking.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code yuelv.booking.*}.
 *
 * @param holdFor how long a seat accepted on a trip with a price is held for the traveler to pay; unpaid after that,
 *     it is freed and offered to the waitlist
 * @param holdCheckInterval how often holds whose time ran out are looked for
 */
@ConfigurationProperties("yuelv.booking")
record BookingSettings(@DefaultValue("30m") Duration holdFor, @DefaultValue("10s") Duration holdCheckInterval) {

	BookingSettings {
		if (holdFor.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("yuelv.booking.hold-for must be at least 1s, not " + holdFor);
		}
	}
}
