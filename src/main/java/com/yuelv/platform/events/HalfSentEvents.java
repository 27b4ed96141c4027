package com.yuelv.platform.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalApplicationListener;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.platform.deployment.EventRoutes;
import com.yuelv.platform.deployment.LocalModules;

/**
 * Takes over the events that a deployment of another shape was sending to other deployments when it stopped for good:
 * after the split merged back into the single JAR, say, with the {@code trips} deployment killed before the broker
 * confirmed a trip's publication. Nobody sends such an event any more, since its module's events no longer leave this
 * deployment, and its listeners now run here. So each local listener that has neither taken the event in (the inbox
 * knows it for the listener's module) nor a publication of its own for it (it ran beside the publisher) gets a
 * publication, in one transaction that also records the event in the inbox for those modules and completes the
 * half-sent one; the registry then delivers them as it delivers any. Only externalizations older than
 * {@code yuelv.events.outstanding-after} are taken over: a younger one may still be on its way.
 */
@Component
class HalfSentEvents {

	private static final Logger LOG = LoggerFactory.getLogger(HalfSentEvents.class);

	private final EventPublicationRegistry registry;
	private final IncompleteEventPublications incomplete;
	private final ConfigurableApplicationContext context;
	private final EventInbox inbox;
	private final OwnPublications own;
	private final JdbcClient jdbc;
	private final TransactionTemplate transactions;
	private final LocalModules modules;
	private final EventPublicationMaintenance.Settings settings;
	private final Clock clock;

	HalfSentEvents(EventPublicationRegistry registry, IncompleteEventPublications incomplete,
			ConfigurableApplicationContext context, EventInbox inbox, OwnPublications own, JdbcClient jdbc,
			TransactionTemplate transactions, LocalModules modules, EventPublicationMaintenance.Settings settings,
			Clock clock) {
		this.registry = registry;
		this.incomplete = incomplete;
		this.context = context;
		this.inbox = inbox;
		this.own = own;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.modules = modules;
		this.settings = settings;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void takeOverAtStart() {
		takeOver();
	}

	@Scheduled(initialDelayString = "${yuelv.events.retry-interval:30s}",
			fixedDelayString = "${yuelv.events.retry-interval:30s}")
	void takeOver() {
		var before = clock.instant().minus(settings.outstandingAfter());
		// the registry reads every unfinished publication whole: asked only when an externalization is among them
		var candidates = jdbc.sql("select count(*) from platform.event_publication where completion_date is null "
				+ "and listener_id not like 'com.yuelv.%' and publication_date < ?")
				.param(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)).query(Long.class).single();
		if (candidates == 0) {
			return;
		}
		for (var publication : registry.findIncompletePublications()) {
			if (publication.getPublicationDate().isBefore(before) && own.leftUnsent(publication)) {
				try {
					takeOver(publication);
				}
				catch (DataIntegrityViolationException concurrently) {
					// another replica took the same event over at the same moment
					LOG.debug("Event of {} taken over elsewhere", publication.getIdentifier());
				}
			}
		}
	}

	private void takeOver(TargetEventPublication halfSent) {
		var event = halfSent.getEvent();
		var id = EventIds.of(event);
		var type = EventRoutes.typeName(event.getClass());
		var handed = transactions.execute(status -> {
			var targets = new ArrayList<PublicationTargetIdentifier>();
			var taken = new TreeSet<String>();
			for (var listener : listenersOf(event)) {
				var module = modules.moduleOf(listener).orElseThrow();
				if (inbox.knows(id, Set.of(module)) || published(id, listener)) {
					continue;
				}
				targets.add(PublicationTargetIdentifier.of(listener));
				taken.add(module);
			}
			inbox.record(id, type, taken);
			if (!targets.isEmpty()) {
				registry.store(event, targets.stream());
			}
			registry.markCompleted(event, halfSent.getTargetIdentifier());
			return targets;
		});
		LOG.info("Took over event {} ({}) that another shape did not finish sending: {} listener(s) here get it",
				id, type, handed == null ? 0 : handed.size());
		if (handed != null && !handed.isEmpty()) {
			var targets = Set.copyOf(handed);
			incomplete.resubmitIncompletePublications(publication -> publication instanceof TargetEventPublication target
					&& targets.contains(target.getTargetIdentifier()) && id.equals(EventIds.of(target.getEvent())));
		}
	}

	/** The ids of the local modules' listeners that the outbox records for the event. */
	private List<String> listenersOf(Object event) {
		var type = ResolvableType.forInstance(event);
		var ids = new ArrayList<String>();
		// the listeners the context registered, the module listeners' method adapters among them
		var listeners = context instanceof AbstractApplicationContext registering ? registering.getApplicationListeners()
				: List.<ApplicationListener<?>>of();
		for (ApplicationListener<?> listener : listeners) {
			if (listener instanceof TransactionalApplicationListener<?> transactional
					&& transactional.getTransactionPhase() == TransactionPhase.AFTER_COMMIT
					&& listener instanceof GenericApplicationListener generic && generic.supportsEventType(type)
					&& modules.moduleOf(transactional.getListenerId()).filter(modules::isLocal).isPresent()) {
				ids.add(transactional.getListenerId());
			}
		}
		return ids;
	}

	private boolean published(UUID id, String listener) {
		return jdbc.sql("select count(*) from platform.event_publication where listener_id = ? and serialized_event "
				+ "like ?").params(listener, "%" + id + "%").query(Long.class).single() > 0;
	}
}
