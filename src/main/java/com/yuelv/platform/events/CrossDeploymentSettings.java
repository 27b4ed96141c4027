package com.yuelv.platform.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code yuelv.split.events.*}: how events travel between the deployments of a split over RabbitMQ.
 *
 * @param exchange the durable topic exchange events are published to, keyed by their type's name
 * @param deadLetterExchange the exchange that takes what could not be handled, keyed by the listening module
 * @param queuePrefix each listening module consumes the quorum queue {@code <prefix><module>}; its dead letters go to
 *        {@code <prefix><module>.dead}
 * @param confirmTimeout how long a publication waits for the broker's confirm before it counts as failed (and is
 *        published again by the outbox maintenance)
 * @param attempts how many times an event that fails to be taken in is tried before it is dead-lettered; a broken
 *        message (not JSON, an unknown type, a newer schema) is dead-lettered at once, and an unreachable database is
 *        waited for, never dead-lettered
 * @param firstPause the pause after the first failed attempt, doubling up to {@code maxPause}
 * @param maxPause the longest pause between attempts
 * @param consumers concurrent consumers per queue
 * @param prefetch unacknowledged messages a consumer holds
 * @param keepInbox how long the ids of received events are kept to recognise a redelivery
 */
@ConfigurationProperties("yuelv.split.events")
record CrossDeploymentSettings(@DefaultValue("yuelv.events") String exchange,
		@DefaultValue("yuelv.events.dead") String deadLetterExchange,
		@DefaultValue("yuelv.events.") String queuePrefix, @DefaultValue("10s") Duration confirmTimeout,
		@DefaultValue("4") int attempts, @DefaultValue("200ms") Duration firstPause,
		@DefaultValue("10s") Duration maxPause, @DefaultValue("2") int consumers, @DefaultValue("50") int prefetch,
		@DefaultValue("7d") Duration keepInbox) {

	CrossDeploymentSettings {
		if (attempts < 1) {
			throw new IllegalArgumentException("yuelv.split.events.attempts must be at least 1, not " + attempts);
		}
		if (consumers < 1 || prefetch < 1) {
			throw new IllegalArgumentException("yuelv.split.events.consumers and prefetch must be at least 1");
		}
		if (exchange.isBlank() || deadLetterExchange.isBlank() || queuePrefix.isBlank()) {
			throw new IllegalArgumentException(
					"yuelv.split.events.exchange, dead-letter-exchange and queue-prefix must not be blank");
		}
	}

	String queue(String module) {
		return queuePrefix + module;
	}

	String deadLetterQueue(String module) {
		return queuePrefix + module + ".dead";
	}
}
