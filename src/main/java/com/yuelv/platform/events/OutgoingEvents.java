package com.yuelv.platform.events;

import java.util.List;
import java.util.Set;
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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
	private final MeterRegistry meters;

	/** @param modules the local modules whose events go out, counted from the start */
	OutgoingEvents(RabbitTemplate rabbit, JsonMapper json, CrossDeploymentSettings settings, MeterRegistry meters,
			Set<String> modules) {
		this.rabbit = rabbit;
		this.json = json;
		this.settings = settings;
		this.meters = meters;
		modules.forEach(module -> List.of("published", "confirmed").forEach(outcome -> counter(module, outcome)));
	}

	private void count(String type, String outcome) {
		counter(EventRoutes.moduleOf(type), outcome).increment();
	}

	private Counter counter(String module, String outcome) {
		return Counter.builder("yuelv.transport.outgoing").tag("module", module).tag("outcome", outcome)
				.description("Events sent to other deployments: published, then confirmed by the broker or failed")
				.register(meters);
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
		var type = EventRoutes.typeName(event.getClass());
		rabbit.send(target.getTarget(), target.getKey(), message, correlation);
		count(type, "published");
		// checked, and then marked complete by the outbox (a database write), on a thread of its own: never on the
		// connection's thread that delivers the confirms, nor on the JVM's one timer thread of orTimeout
		return correlation.getFuture()
				.orTimeout(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((confirm, failure) -> {
					if (failure != null) {
						count(type, "unconfirmed");
					}
				})
				.thenAcceptAsync(confirm -> {
					if (correlation.getReturned() != null) {
						count(type, "unroutable");
						throw new IllegalStateException("RabbitMQ could not route event %s (%s) with key %s: %s"
								.formatted(id, event.getClass().getSimpleName(), target.getKey(),
										correlation.getReturned().getReplyText()));
					}
					if (!confirm.ack()) {
						count(type, "refused");
						throw new IllegalStateException("RabbitMQ refused event %s (%s): %s".formatted(id,
								event.getClass().getSimpleName(), confirm.reason()));
					}
					count(type, "confirmed");
				}, completions);
	}
}
