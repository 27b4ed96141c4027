package com.yuelv.feed.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How home feeds are kept, under {@code yuelv.feed.*}.
 *
 * @param redisEnabled whether timelines live in Redis, shared by every replica, rather than in this process
 * @param capacity most moments a timeline keeps; older pages are read from the moments themselves
 * @param fanInThreshold an author with more followers than this when posting is read by fan-in, not written into
 *     each follower's timeline
 * @param idleExpiry a timeline its owner has not read for this long is dropped, and rebuilt on the next read
 * @param memoryMaxTimelines most timelines this process keeps when they live in it (the least recently read go first)
 * @param keyPrefix prefix of every Redis key the feed writes
 */
@ConfigurationProperties("yuelv.feed")
record FeedSettings(
		@DefaultValue("false") boolean redisEnabled,
		@DefaultValue("800") int capacity,
		@DefaultValue("10000") long fanInThreshold,
		@DefaultValue("14d") Duration idleExpiry,
		@DefaultValue("100000") long memoryMaxTimelines,
		@DefaultValue("yuelv:feed:") String keyPrefix) {

	FeedSettings {
		if (capacity < 10 || capacity > 10_000) {
			throw new IllegalArgumentException("yuelv.feed.capacity must be between 10 and 10000");
		}
		if (fanInThreshold < 0 || memoryMaxTimelines < 1) {
			throw new IllegalArgumentException(
					"yuelv.feed.fan-in-threshold must not be negative, yuelv.feed.memory-max-timelines positive");
		}
		if (idleExpiry.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("yuelv.feed.idle-expiry must be a minute or more");
		}
	}
}
