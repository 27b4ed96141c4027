package com.yuelv.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.yuelv.platform.deployment.EventRoutes;
import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.platform.deployment.PlaceableModules;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the outbox holds for this deployment to deliver, per local module: publications to its own listeners
 * ({@code listeners}) and externalizations of its events to other deployments ({@code broker}), how many are waiting,
 * how many failed and how old the oldest waiting one is. Read from the registry every
 * {@code yuelv.events.backlog-interval} (one grouped query on the index of unfinished publications) and published as
 * the gauges {@code yuelv.outbox.waiting}, {@code yuelv.outbox.failed} and {@code yuelv.outbox.oldest.age}, which
 * exist from the start for every pair, at zero while nothing waits.
 */
@Component
public final class EventBacklog {

	private static final Logger LOG = LoggerFactory.getLogger(EventBacklog.class);

	/** Where the publications of a module go. */
	public enum Target {
		LISTENERS, BROKER;

		public String key() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/** The backlog of one module towards one target. */
	public record Backlog(String module, Target target, long waiting, long failed, @Nullable Instant oldest) {

		/** How long the oldest waiting publication has waited, zero when none does. */
		public Duration oldestAge(Instant now) {
			return oldest == null ? Duration.ZERO : Duration.between(oldest, now).isNegative() ? Duration.ZERO
					: Duration.between(oldest, now);
		}
	}

	private record Key(String module, Target target) {}

	private final JdbcClient jdbc;
	private final LocalModules modules;
	private final EventRoutes routes;
	private final Clock clock;
	private final Map<Key, Backlog> current = new ConcurrentHashMap<>();

	EventBacklog(JdbcClient jdbc, LocalModules modules, EventRoutes routes, MeterRegistry meters, Clock clock) {
		this.jdbc = jdbc;
		this.modules = modules;
		this.routes = routes;
		this.clock = clock;
		var listening = new java.util.TreeSet<String>();
		PlaceableModules.listenersByPublisher().values().forEach(listening::addAll);
		for (var module : modules.local()) {
			if (listening.contains(module)) {
				register(meters, new Key(module, Target.LISTENERS));
			}
			if (routes.outgoing().contains(module)) {
				register(meters, new Key(module, Target.BROKER));
			}
		}
	}

	private void register(MeterRegistry meters, Key key) {
		current.put(key, new Backlog(key.module(), key.target(), 0, 0, null));
		Gauge.builder("yuelv.outbox.waiting", current, it -> it.get(key).waiting())
				.tag("module", key.module()).tag("target", key.target().key())
				.description("Unfinished publications of the outbox this deployment delivers").register(meters);
		Gauge.builder("yuelv.outbox.failed", current, it -> it.get(key).failed())
				.tag("module", key.module()).tag("target", key.target().key())
				.description("Publications whose delivery failed and waits to be resubmitted").register(meters);
		Gauge.builder("yuelv.outbox.oldest.age", current, it -> it.get(key).oldestAge(clock.instant()).toMillis() / 1e3)
				.tag("module", key.module()).tag("target", key.target().key()).baseUnit("seconds")
				.description("How long the oldest unfinished publication has waited").register(meters);
	}

	/** The latest reading, per module and target. */
	public List<Backlog> current() {
		return current.values().stream()
				.sorted(java.util.Comparator.comparing(Backlog::module).thenComparing(Backlog::target)).toList();
	}

	@Scheduled(initialDelayString = "${yuelv.events.backlog-interval:15s}",
			fixedDelayString = "${yuelv.events.backlog-interval:15s}")
	public void refresh() {
		var read = new HashMap<Key, Backlog>();
		try {
			jdbc.sql("""
					select listener_id, event_type, count(*) as waiting,
					       sum(case when status = 'FAILED' then 1 else 0 end) as failed,
					       min(publication_date) as oldest
					from platform.event_publication
					where completion_date is null
					group by listener_id, event_type""")
					.query((row, number) -> {
						var key = keyOf(row.getString("listener_id"), row.getString("event_type"));
						if (key != null) {
							var oldest = row.getObject("oldest", OffsetDateTime.class);
							read.merge(key, new Backlog(key.module(), key.target(), row.getLong("waiting"),
									row.getLong("failed"), oldest == null ? null : oldest.toInstant()),
									EventBacklog::add);
						}
						return key;
					}).list();
		}
		catch (RuntimeException e) {
			LOG.warn("Could not read the outbox's backlog: {}", e.toString());
			return;
		}
		current.replaceAll((key, before) -> read.getOrDefault(key, new Backlog(key.module(), key.target(), 0, 0,
				null)));
	}

	/** The module and target a publication is delivered for by this deployment, or none when another delivers it. */
	private @Nullable Key keyOf(String listenerId, String eventType) {
		var listenerModule = modules.moduleOf(listenerId);
		if (listenerModule.isPresent()) {
			return modules.isLocal(listenerModule.get()) ? new Key(listenerModule.get(), Target.LISTENERS) : null;
		}
		var eventModule = modules.moduleOf(eventType);
		return eventModule.filter(routes.outgoing()::contains).map(it -> new Key(it, Target.BROKER)).orElse(null);
	}

	private static Backlog add(Backlog a, Backlog b) {
		Instant oldest = a.oldest() == null ? b.oldest()
				: b.oldest() == null || a.oldest().isBefore(b.oldest()) ? a.oldest() : b.oldest();
		return new Backlog(a.module(), a.target(), a.waiting() + b.waiting(), a.failed() + b.failed(), oldest);
	}
}
