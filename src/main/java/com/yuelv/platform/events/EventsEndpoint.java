package com.yuelv.platform.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.stereotype.Component;

import com.yuelv.platform.OperatorChanges;
import com.yuelv.shared.AuditTrail;
import com.yuelv.platform.deployment.LocalModules;

/**
 * {@code /actuator/events}: the event backlog of this deployment per module (the outbox's waiting and failed
 * publications and the age of the oldest; in a split, the depth of each listening module's queue and of its dead
 * letters). {@code /actuator/events/{module}} lists the module's failed publications and first dead letters with
 * their reasons; {@code POST /actuator/events/{module}/{id}} replays one: a dead letter (by its message id) goes back
 * into the module's queue, a failed publication (by its id) is resubmitted to its listener. A replay is audited in the
 * audit trail and in this endpoint's latest replays.
 */
@Component
@Endpoint(id = "events")
public class EventsEndpoint {

	static final int KEPT_REPLAYS = 100;
	private static final int LISTED = 50;

	private final EventBacklog backlog;
	private final @Nullable DeadLetters deadLetters;
	private final FailedEventPublications failed;
	private final OwnPublications own;
	private final LocalModules modules;
	private final JdbcClient jdbc;
	private final Clock clock;
	private final OperatorChanges replays;

	EventsEndpoint(EventBacklog backlog, ObjectProvider<DeadLetters> deadLetters, FailedEventPublications failed,
			OwnPublications own, LocalModules modules, JdbcClient jdbc, Clock clock, AuditTrail audit) {
		this.backlog = backlog;
		this.deadLetters = deadLetters.getIfAvailable();
		this.failed = failed;
		this.own = own;
		this.modules = modules;
		this.jdbc = jdbc;
		this.clock = clock;
		this.replays = new OperatorChanges("event-replayed", KEPT_REPLAYS, clock, audit);
	}

	@ReadOperation
	public Map<String, Object> events() {
		var now = clock.instant();
		var byModule = new LinkedHashMap<String, Map<String, Object>>();
		for (var entry : backlog.current()) {
			var outbox = new LinkedHashMap<String, Object>();
			outbox.put("waiting", entry.waiting());
			outbox.put("failed", entry.failed());
			outbox.put("oldestAgeSeconds", entry.oldestAge(now).toSeconds());
			module(byModule, entry.module()).put(entry.target().key(), outbox);
		}
		if (deadLetters != null) {
			deadLetters.depths().forEach((module, depth) -> module(byModule, module).put("queue",
					Map.of("queued", depth.queued(), "deadLetters", depth.deadLetters())));
		}
		var events = new LinkedHashMap<String, Object>();
		events.put("modules", byModule);
		events.put("recentReplays", replays.latest());
		return events;
	}

	private static Map<String, Object> module(Map<String, Map<String, Object>> byModule, String module) {
		return byModule.computeIfAbsent(module, it -> new LinkedHashMap<>());
	}

	@ReadOperation
	public Map<String, Object> module(@Selector String module) {
		local(module);
		var answer = new LinkedHashMap<String, Object>();
		answer.put("failedPublications", failedPublications(module));
		if (deadLetters != null && deadLetters.modules().contains(module)) {
			answer.put("deadLetters", deadLetters.peek(module, LISTED));
		}
		return answer;
	}

	/** Replays a dead letter or resubmits a failed publication of a local module. */
	@WriteOperation
	public Map<String, Object> replay(@Selector String module, @Selector String id, SecurityContext security) {
		local(module);
		var replay = new LinkedHashMap<String, Object>();
		replay.put("module", module);
		replay.put("id", id);
		if (deadLetters != null && deadLetters.modules().contains(module)) {
			var letter = deadLetters.replay(module, id);
			if (letter != null) {
				replay.put("deadLetter", letter);
				return audited(security, replay);
			}
		}
		UUID publication;
		try {
			publication = UUID.fromString(id);
		}
		catch (IllegalArgumentException e) {
			throw notFound(module, id);
		}
		var known = failedPublications(module).stream().anyMatch(it -> publication.toString().equals(it.get("id")));
		if (!known) {
			throw notFound(module, id);
		}
		failed.resubmit(ResubmissionOptions.defaults().withBatchSize(1)
				.withFilter(it -> it.getIdentifier().equals(publication) && own.test(it)));
		replay.put("failedPublication", publication.toString());
		return audited(security, replay);
	}

	private List<Map<String, Object>> failedPublications(String module) {
		return jdbc.sql("""
				select id, listener_id, event_type, publication_date, completion_attempts
				from platform.event_publication
				where status = 'FAILED' and completion_date is null
				order by publication_date""")
				.query((row, number) -> {
					var listener = row.getString("listener_id");
					var type = row.getString("event_type");
					var listenerModule = modules.moduleOf(listener);
					var owner = listenerModule.orElseGet(() -> modules.moduleOf(type).orElse(""));
					if (!owner.equals(module)) {
						return null;
					}
					var entry = new LinkedHashMap<String, Object>();
					entry.put("id", row.getString("id"));
					entry.put("listener", listener);
					entry.put("eventType", type);
					entry.put("published", row.getObject("publication_date", OffsetDateTime.class).toString());
					entry.put("attempts", row.getInt("completion_attempts"));
					return (Map<String, Object>) entry;
				}).list().stream().filter(java.util.Objects::nonNull).limit(LISTED).toList();
	}

	private void local(String module) {
		if (!modules.isLocal(module)) {
			throw new InvalidEndpointRequestException("Module " + module + " does not run here",
					"module must be one of %s, which run in this deployment, not %s".formatted(
							String.join(", ", modules.local()), module));
		}
	}

	private static InvalidEndpointRequestException notFound(String module, String id) {
		return new InvalidEndpointRequestException("Nothing to replay for " + module + " with id " + id,
				"module %s has no dead letter and no failed publication with id %s".formatted(module, id));
	}

	private Map<String, Object> audited(SecurityContext security, Map<String, Object> replay) {
		return replays.record(security, replay);
	}
}
