package com.yuelv.platform.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jmolecules.event.types.DomainEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.yuelv.platform.deployment.LocalModules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the domain events the modules publish, once their transaction committed ({@code yuelv.domain.events} by
 * module and event): the business counters (registrations are {@code AccountRegistered}, publications
 * {@code TripPublished}, join requests by outcome the booking events) without a business module knowing of metrics.
 * Keeps the publishing trace beside each local module's event ({@link EventTraces}). Runs as the event is published, in the
 * publisher's transaction; it is no listener the outbox records.
 */
final class PublishedEvents {

	private final MeterRegistry meters;
	private final LocalModules modules;
	private final EventTraces traces;
	private final Map<Class<?>, Counter> counters = new ConcurrentHashMap<>();

	PublishedEvents(MeterRegistry meters, LocalModules modules, EventTraces traces) {
		this.meters = meters;
		this.modules = modules;
		this.traces = traces;
	}

	@EventListener
	void on(DomainEvent event) {
		var module = modules.moduleOf(event.getClass().getName());
		if (module.isEmpty() || !modules.isLocal(module.get())) {
			// an event of another deployment, taken in from the broker: counted, and its trace kept, where it was
			// published (every shape shares the platform's tables)
			return;
		}
		traces.published(event);
		var counter = counters.computeIfAbsent(event.getClass(), type -> Counter.builder("yuelv.domain.events")
				.tag("module", module.get()).tag("event", type.getSimpleName())
				.description("Domain events published by the modules, counted when their transaction committed")
				.register(meters));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					counter.increment();
				}
			});
		}
		else {
			counter.increment();
		}
	}
}
