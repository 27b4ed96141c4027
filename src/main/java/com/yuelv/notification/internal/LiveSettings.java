package com.yuelv.notification.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The inbox's live stream, under {@code yuelv.notification.live.*}.
 *
 * @param redisEnabled whether new entries reach the other replicas over Redis pub/sub (every replica that holds a
 *     connection of the recipient sends it); without it, only the replica that wrote the entry does
 * @param channel the Redis channel
 * @param queue most entries waiting for one connection; a client that reads too slowly for this is dropped and
 *     reconnects with {@code Last-Event-ID}
 * @param heartbeat how often an idle connection gets a comment, so that proxies keep it and dead ones are found
 * @param timeout how long one connection lasts; the client then reconnects
 * @param maxReplay most missed entries sent on a reconnect; beyond, the client is told to read the inbox again
 */
@ConfigurationProperties("yuelv.notification.live")
record LiveSettings(
		@DefaultValue("false") boolean redisEnabled,
		@DefaultValue("yuelv:inbox:live") String channel,
		@DefaultValue("256") int queue,
		@DefaultValue("15s") Duration heartbeat,
		@DefaultValue("30m") Duration timeout,
		@DefaultValue("1000") int maxReplay) {

	LiveSettings {
		if (queue < 1 || maxReplay < 1 || !heartbeat.isPositive() || !timeout.isPositive()) {
			throw new IllegalArgumentException("yuelv.notification.live needs a positive queue, max-replay, heartbeat "
					+ "and timeout");
		}
	}
}
