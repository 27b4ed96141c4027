package com.yuelv.platform.events;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** The headers an event carries between deployments, and the sending of a message the broker must confirm. */
final class EventMessages {

	/** The event's type, by the name it travels under ({@code trip.TripPublished}). */
	static final String TYPE = "yuelv-event-type";

	/** The version of the event types' JSON shape the publisher wrote. */
	static final String SCHEMA_VERSION = "yuelv-schema-version";

	/** The version this build writes and reads; a consumer dead-letters any newer one. */
	static final int CURRENT_SCHEMA_VERSION = 1;

	/** Why a message was dead-lettered, and where it was headed. */
	static final String DEAD_REASON = "yuelv-dead-reason";
	static final String DEAD_QUEUE = "yuelv-dead-queue";

	private EventMessages() {}

	/**
	 * Sends a message and waits for the broker's confirm.
	 *
	 * @param what the message's part, for the failure ("the dead letter")
	 * @throws IllegalStateException when the broker refused or could not route it, or did not confirm it in time
	 */
	static void sendConfirmed(RabbitTemplate rabbit, String exchange, String key, Message message, Duration timeout,
			String what) {
		var correlation = new CorrelationData(UUID.randomUUID().toString());
		rabbit.send(exchange, key, message, correlation);
		try {
			var confirm = correlation.getFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!confirm.ack() || correlation.getReturned() != null) {
				throw new IllegalStateException("RabbitMQ did not take " + what + ": " + confirm.reason());
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending " + what, e);
		}
		catch (ExecutionException | TimeoutException e) {
			throw new IllegalStateException("RabbitMQ did not confirm " + what + " in time", e);
		}
	}
}
