package com.yuelv.platform.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.modulith.events.RoutingTarget;

import com.yuelv.platform.deployment.EventRoutes;

import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes events to RabbitMQ for the deployments that listen to them, and reports a publication done only when the
 * broker confirmed it (persisted to the queues it was routed to): until then the event's publication in the outbox
 * stays incomplete and is published again after a failure or a restart. A message the broker could not route, or
 * refused, is a failure too.
 */
final class OutgoingEvents {

	private final RabbitTemplate rabbit;
	private final JsonMapper json;
	private final CrossDeploymentSettings settings;
	private final Executor completions = Executors.newVirtualThreadPerTaskExecutor();

	OutgoingEvents(RabbitTemplate rabbit, JsonMapper json, CrossDeploymentSettings settings) {
		this.rabbit = rabbit;
		this.json = json;
		this.settings = settings;
	}

	CompletableFuture<?> publish(RoutingTarget target, Object event) {
		var id = EventIds.of(event).toString();
		Message message = MessageBuilder.withBody(json.writeValueAsBytes(event))
				.setContentType(MessageProperties.CONTENT_TYPE_JSON)
				.setContentEncoding("UTF-8")
				.setMessageId(id)
				.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
				.setHeader(EventMessages.TYPE, EventRoutes.typeName(event.getClass()))
				.setHeader(EventMessages.SCHEMA_VERSION, EventMessages.CURRENT_SCHEMA_VERSION)
				.build();
		var correlation = new CorrelationData(id);
		rabbit.send(target.getTarget(), target.getKey(), message, correlation);
		// checked, and then marked complete by the outbox (a database write), on a thread of its own: never on the
		// connection's thread that delivers the confirms, nor on the JVM's one timer thread of orTimeout
		return correlation.getFuture()
				.orTimeout(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.thenAcceptAsync(confirm -> {
					if (correlation.getReturned() != null) {
						throw new IllegalStateException("RabbitMQ could not route event %s (%s) with key %s: %s"
								.formatted(id, event.getClass().getSimpleName(), target.getKey(),
										correlation.getReturned().getReplyText()));
					}
					if (!confirm.ack()) {
						throw new IllegalStateException("RabbitMQ refused event %s (%s): %s".formatted(id,
								event.getClass().getSimpleName(), confirm.reason()));
					}
				}, completions);
	}
}
