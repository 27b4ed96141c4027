package com.yuelv.platform.events;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import com.yuelv.platform.deployment.EventRoutes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes the events of other deployments that local modules listen to, from the listening module's queue, and takes
 * each into the {@link EventInbox}; the same {@code @ApplicationModuleListener} code as in one JVM then handles it.
 * <p>
 * A message that cannot be an event of a known type (not JSON, no or an unknown type, a schema version newer than this
 * build reads) is moved at once to the module's dead-letter queue with the reason in {@value EventMessages#DEAD_REASON},
 * and the messages behind it go on. Taking an event in is tried again with a doubling pause; after
 * {@code yuelv.split.events.attempts} failures it is dead-lettered with the failure as its reason, except while the
 * database cannot be reached, which is waited for (the message stays unacknowledged). Fields an event has gained in a
 * newer build are ignored; a change of shape that older readers cannot ignore raises the schema version.
 */
final class IncomingEvents {

	private static final Logger LOG = LoggerFactory.getLogger(IncomingEvents.class);

	private final Map<String, Class<?>> types;
	/** For each module of another deployment, the local modules that listen to it. */
	private final Map<String, Set<String>> listenersByPublisher;
	private final EventInbox inbox;
	private final JsonMapper json;
	private final RabbitTemplate rabbit;
	private final CrossDeploymentSettings settings;
	private final MeterRegistry meters;

	/**
	 * @param incoming for each local module that listens to modules of other deployments, those modules
	 */
	IncomingEvents(Map<String, Class<?>> types, Map<String, Set<String>> incoming, EventInbox inbox, JsonMapper json,
			RabbitTemplate rabbit, CrossDeploymentSettings settings, MeterRegistry meters) {
		this.types = Map.copyOf(types);
		var byPublisher = new TreeMap<String, Set<String>>();
		incoming.forEach((listener, publishers) -> publishers
				.forEach(publisher -> byPublisher.computeIfAbsent(publisher, it -> new TreeSet<>()).add(listener)));
		this.listenersByPublisher = byPublisher;
		this.inbox = inbox;
		// a newer publisher may add fields; an older consumer reads what it knows (a newer shape bumps the version)
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.rabbit = rabbit;
		this.settings = settings;
		this.meters = meters;
		// from the start, at zero: a quiet queue shows as no redeliveries, not as no data
		incoming.keySet().forEach(this::redelivered);
	}

	private Counter redelivered(String module) {
		return Counter.builder("yuelv.transport.redelivered").tag("module", module)
				.description("Event messages the broker delivered again to a listening module's queue")
				.register(meters);
	}

	/** A message that can never become an event, whatever is tried. */
	static final class BrokenMessage extends RuntimeException {

		BrokenMessage(String reason) {
			super(reason);
		}
	}

	record Incoming(UUID id, String type, Object event) {}

	void onMessage(String module, Message message) {
		if (Boolean.TRUE.equals(message.getMessageProperties().getRedelivered())) {
			redelivered(module).increment();
		}
		Incoming incoming;
		try {
			incoming = read(message);
		}
		catch (BrokenMessage broken) {
			deadLetter(module, message, broken.getMessage());
			return;
		}
		var pause = settings.firstPause();
		for (var attempt = 1;; attempt++) {
			try {
				var listeners = new TreeSet<>(listenersByPublisher.getOrDefault(EventRoutes.moduleOf(incoming.type()),
						Set.of()));
				listeners.add(module);
				var taken = inbox.takeIn(incoming.id(), incoming.type(), incoming.event(), listeners);
				count(module, incoming.type(), taken ? "taken" : "duplicate");
				return;
			}
			catch (RuntimeException failure) {
				var unreachable = databaseUnreachable(failure);
				if (!unreachable && attempt >= settings.attempts()) {
					deadLetter(module, message, "taking it in failed %d times, last: %s".formatted(attempt, failure));
					return;
				}
				LOG.warn("Taking in event {} ({}) failed (attempt {}), trying again in {}: {}", incoming.id(),
						incoming.type(), attempt, pause, failure.toString());
				sleep(pause);
				pause = pause.multipliedBy(2).compareTo(settings.maxPause()) > 0 ? settings.maxPause()
						: pause.multipliedBy(2);
			}
		}
	}

	Incoming read(Message message) {
		var properties = message.getMessageProperties();
		var typeHeader = properties.getHeader(EventMessages.TYPE);
		if (!(typeHeader instanceof String type) || type.isBlank()) {
			throw new BrokenMessage("no event type (header " + EventMessages.TYPE + ")");
		}
		var eventType = types.get(type);
		if (eventType == null) {
			throw new BrokenMessage("unknown event type '%s'; this deployment reads %s".formatted(type,
					String.join(", ", new java.util.TreeSet<>(types.keySet()))));
		}
		var version = properties.getHeader(EventMessages.SCHEMA_VERSION);
		int schemaVersion;
		try {
			schemaVersion = version == null ? EventMessages.CURRENT_SCHEMA_VERSION
					: Integer.parseInt(version.toString());
		}
		catch (NumberFormatException e) {
			throw new BrokenMessage("schema version '%s' is not a number".formatted(version));
		}
		if (schemaVersion > EventMessages.CURRENT_SCHEMA_VERSION) {
			throw new BrokenMessage("schema version %d of %s is newer than this deployment reads (%d)".formatted(
					schemaVersion, type, EventMessages.CURRENT_SCHEMA_VERSION));
		}
		Object event;
		try {
			event = json.readValue(message.getBody(), eventType);
		}
		catch (JacksonException e) {
			throw new BrokenMessage("not a valid %s: %s".formatted(type, e.getOriginalMessage()));
		}
		if (event == null) {
			throw new BrokenMessage("not a valid %s: empty".formatted(type));
		}
		try {
			return new Incoming(EventIds.of(event), type, event);
		}
		catch (IllegalStateException e) {
			throw new BrokenMessage(e.getMessage());
		}
	}

	private void deadLetter(String module, Message message, String reason) {
		LOG.error("Dead-lettering a message for module {} (id {}): {}", module,
				message.getMessageProperties().getMessageId(), reason);
		var dead = MessageBuilder.fromMessage(message)
				.setHeader(EventMessages.DEAD_REASON, reason)
				.setHeader(EventMessages.DEAD_QUEUE, settings.queue(module))
				.build();
		// unconfirmed, the message stays unacknowledged and comes back: nothing is lost
		EventMessages.sendConfirmed(rabbit, settings.deadLetterExchange(), module, dead, settings.confirmTimeout(),
				"the dead letter");
		var type = message.getMessageProperties().getHeader(EventMessages.TYPE);
		// a broken message's type is whatever the sender wrote: counted as unknown, not as a metric of its own
		count(module, type instanceof String known && types.containsKey(known) ? known : "unknown", "dead-lettered");
	}

	private void count(String module, String type, String outcome) {
		Counter.builder("yuelv.events.incoming").tag("module", module).tag("type", type).tag("outcome", outcome)
				.description("Events received from other deployments, by what became of them")
				.register(meters).increment();
	}

	private static boolean databaseUnreachable(Throwable failure) {
		for (var cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessException) {
				return true;
			}
		}
		return false;
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to try again", e);
		}
	}
}
