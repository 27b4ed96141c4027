package com.yuelv.platform.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jmolecules.event.types.DomainEvent;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.modulith.events.support.DelegatingEventExternalizer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.platform.deployment.EventRoutes;
import com.yuelv.platform.deployment.LocalModules;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events between the deployments of a split, over RabbitMQ; nothing of it exists when one process runs every module.
 * <p>
 * Out: the events of a local module that a module of another deployment listens to are externalized by the outbox
 * (Spring Modulith's {@link DelegatingEventExternalizer}) to the topic exchange, keyed by their type's name; a
 * publication completes when the broker confirmed the message. In: each local module that listens to another
 * deployment's module consumes its own durable quorum queue, bound to the keys of those modules' events, and takes
 * the events into the {@link EventInbox}. Both sides declare the queues of the modules they exchange events with, so
 * neither depends on the other having started first; each queue has a dead-letter queue beside it.
 */
@Configuration(proxyBeanMethods = false)
class CrossDeploymentEvents {

	/** Some local module's events are listened to elsewhere. */
	static final class EventsGoOut implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !EventRoutes.of(LocalModules.from(context.getEnvironment())).outgoing().isEmpty();
		}
	}

	/** Some local module listens to another deployment's events. */
	static final class EventsComeIn implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !EventRoutes.of(LocalModules.from(context.getEnvironment())).incoming().isEmpty();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(EventsGoOut.class)
	static class Publishing {

		@Bean
		EventExternalizationConfiguration crossDeploymentExternalization(LocalModules modules, EventRoutes routes,
				CrossDeploymentSettings settings) {
			var outgoing = routes.outgoing();
			return EventExternalizationConfiguration.externalizing()
					.select(event -> event instanceof DomainEvent && modules.moduleOf(event.getClass().getName())
							.filter(outgoing::contains).isPresent())
					.routeAll(event -> RoutingTarget.forTarget(settings.exchange())
							.andKey(EventRoutes.typeName(event.getClass())))
					.build();
		}

		@Bean
		DelegatingEventExternalizer rabbitEventExternalizer(EventExternalizationConfiguration externalization,
				RabbitTemplate rabbit, JsonMapper json, CrossDeploymentSettings settings, MeterRegistry meters,
				EventRoutes routes) {
			var outgoing = new OutgoingEvents(rabbit, json, settings, meters, routes.outgoing());
			return new DelegatingEventExternalizer(externalization, outgoing::publish);
		}

		@Bean
		Declarables outgoingEventQueues(EventRoutes routes, CrossDeploymentSettings settings) {
			return topology(settings, routes.outgoingByListener());
		}
	}

	/** In every deployment: events come in from other deployments here, or are taken over from another shape. */
	@Bean
	EventInbox eventInbox(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			Clock clock) {
		return new EventInbox(jdbc, transactions, events, clock);
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(EventsComeIn.class)
	static class Receiving {

		@Bean
		Declarables incomingEventQueues(EventRoutes routes, CrossDeploymentSettings settings) {
			return topology(settings, routes.incoming());
		}

		@Bean
		IncomingEvents incomingEvents(EventRoutes routes, EventInbox inbox, JsonMapper json, RabbitTemplate rabbit,
				CrossDeploymentSettings settings, MeterRegistry meters) {
			return new IncomingEvents(EventRoutes.eventTypes(routes.incomingPublishers()), routes.incoming(), inbox,
					json, rabbit, settings, meters);
		}

		@Bean
		IncomingEventConsumers incomingEventConsumers(EventRoutes routes, ConnectionFactory connections,
				IncomingEvents events, CrossDeploymentSettings settings, ApplicationContext context) {
			return new IncomingEventConsumers(routes.incoming().keySet(), connections, events, settings, context);
		}

		@Bean
		DeadLetters deadLetters(EventRoutes routes, RabbitTemplate rabbit, CrossDeploymentSettings settings,
				MeterRegistry meters) {
			return new DeadLetters(routes.incoming().keySet(), rabbit, settings, meters);
		}

		@Bean
		InboxMaintenance inboxMaintenance(EventInbox inbox, CrossDeploymentSettings settings) {
			return new InboxMaintenance(inbox, settings);
		}
	}

	/** Forgets received event ids once no redelivery can come any more. */
	static final class InboxMaintenance {

		private final EventInbox inbox;
		private final CrossDeploymentSettings settings;

		InboxMaintenance(EventInbox inbox, CrossDeploymentSettings settings) {
			this.inbox = inbox;
			this.settings = settings;
		}

		@Scheduled(initialDelayString = "1h", fixedDelayString = "1h")
		void forgetOld() {
			inbox.forgetOlderThan(settings.keepInbox());
		}
	}

	/** One listener container per listening module, started and stopped with the application. */
	static final class IncomingEventConsumers implements SmartLifecycle {

		private final List<SimpleMessageListenerContainer> containers = new ArrayList<>();

		IncomingEventConsumers(Set<String> listeningModules, ConnectionFactory connections, IncomingEvents events,
				CrossDeploymentSettings settings, ApplicationContext context) {
			for (var module : listeningModules) {
				var container = new SimpleMessageListenerContainer(connections);
				container.setQueueNames(settings.queue(module));
				container.setMessageListener(message -> events.onMessage(module, message));
				container.setAcknowledgeMode(AcknowledgeMode.AUTO);
				container.setDefaultRequeueRejected(true);
				container.setConcurrentConsumers(settings.consumers());
				container.setPrefetchCount(settings.prefetch());
				container.setMissingQueuesFatal(false);
				container.setBeanName("incoming-events-" + module);
				// a consumer span continuing the publisher's trace (the message's traceparent), and its context for
				// the inbox and the listeners after it
				container.setObservationEnabled(true);
				container.setApplicationContext(context);
				container.afterPropertiesSet();
				containers.add(container);
			}
		}

		@Override
		public void start() {
			containers.forEach(SimpleMessageListenerContainer::start);
		}

		@Override
		public void stop() {
			containers.forEach(SimpleMessageListenerContainer::stop);
		}

		@Override
		public boolean isRunning() {
			return containers.stream().anyMatch(SimpleMessageListenerContainer::isRunning);
		}

		@Override
		public int getPhase() {
			// consumers stop before the web server and the database go away, and start after them
			return SmartLifecycle.DEFAULT_PHASE - 1024;
		}
	}

	/**
	 * The exchanges, and for each listening module its quorum queue bound to the keys of the modules it listens to and
	 * its dead-letter queue.
	 */
	static Declarables topology(CrossDeploymentSettings settings, Map<String, Set<String>> publishersByListener) {
		var declarables = new ArrayList<Declarable>();
		TopicExchange events = ExchangeBuilder.topicExchange(settings.exchange()).durable(true).build();
		DirectExchange dead = ExchangeBuilder.directExchange(settings.deadLetterExchange()).durable(true).build();
		declarables.add(events);
		declarables.add(dead);
		publishersByListener.forEach((listener, publishers) -> {
			Queue queue = QueueBuilder.durable(settings.queue(listener)).quorum()
					.deadLetterExchange(settings.deadLetterExchange()).deadLetterRoutingKey(listener).build();
			Queue deadLetters = QueueBuilder.durable(settings.deadLetterQueue(listener)).quorum().build();
			declarables.add(queue);
			declarables.add(deadLetters);
			declarables.add(BindingBuilder.bind(deadLetters).to(dead).with(listener));
			for (var publisher : publishers) {
				Binding binding = BindingBuilder.bind(queue).to(events).with(publisher + ".#");
				declarables.add(binding);
			}
		});
		return new Declarables(declarables);
	}
}
