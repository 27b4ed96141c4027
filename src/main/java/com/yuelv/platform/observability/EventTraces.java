package com.yuelv.platform.observability;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * Keeps the trace an event was published in beside it: the W3C {@code traceparent} of the publishing span, by the
 * event's id, in the publishing transaction, for sampled traces only (the others have nothing to continue). A handler
 * that runs without the publisher's context, as a publication resubmitted after a failure or a restart does, continues
 * that trace. Kept as long as completed publications are.
 */
final class EventTraces {

	private static final ClassValue<Optional<MethodHandle>> EVENT_ID = accessor("eventId", UUID.class);
	private static final ClassValue<Optional<MethodHandle>> OCCURRED_AT = accessor("occurredAt", Instant.class);

	private final JdbcClient jdbc;
	private final Tracer tracer;
	private final Clock clock;

	EventTraces(JdbcClient jdbc, Tracer tracer, Clock clock) {
		this.jdbc = jdbc;
		this.tracer = tracer;
		this.clock = clock;
	}

	/** Records the current trace for the event, where it is sampled and the event has an id. */
	void published(Object event) {
		var span = tracer.currentSpan();
		if (span == null || !Boolean.TRUE.equals(span.context().sampled())) {
			return;
		}
		var id = eventId(event);
		if (id == null) {
			return;
		}
		var context = span.context();
		jdbc.sql("""
				insert into platform.event_trace_contexts (event_id, traceparent, recorded_at)
				values (:id, :traceparent, :at) on conflict do nothing""")
				.param("id", id).param("traceparent", "00-%s-%s-01".formatted(context.traceId(), context.spanId()))
				.param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
	}

	/** The context the event was published in, when it was kept. */
	@Nullable TraceContext publishedIn(Object event) {
		var id = eventId(event);
		if (id == null) {
			return null;
		}
		return jdbc.sql("select traceparent from platform.event_trace_contexts where event_id = :id")
				.param("id", id).query(String.class).optional().map(this::parse).orElse(null);
	}

	private @Nullable TraceContext parse(String traceparent) {
		var parts = traceparent.split("-");
		if (parts.length != 4 || parts[1].length() != 32 || parts[2].length() != 16) {
			return null;
		}
		return tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2]).sampled(parts[3].equals("01"))
				.build();
	}

	int forgetOlderThan(Duration age) {
		return jdbc.sql("delete from platform.event_trace_contexts where recorded_at < :before")
				.param("before", OffsetDateTime.ofInstant(clock.instant().minus(age), ZoneOffset.UTC)).update();
	}

	static @Nullable UUID eventId(Object event) {
		return (UUID) read(EVENT_ID, event);
	}

	static @Nullable Instant occurredAt(Object event) {
		return (Instant) read(OCCURRED_AT, event);
	}

	private static @Nullable Object read(ClassValue<Optional<MethodHandle>> accessor, Object event) {
		var handle = accessor.get(event.getClass());
		if (handle.isEmpty()) {
			return null;
		}
		try {
			return handle.get().invoke(event);
		}
		catch (Throwable e) {
			return null;
		}
	}

	private static ClassValue<Optional<MethodHandle>> accessor(String name, Class<?> type) {
		return new ClassValue<>() {
			@Override
			protected Optional<MethodHandle> computeValue(Class<?> eventType) {
				try {
					var method = eventType.getMethod(name);
					if (method.getReturnType() != type || method.getParameterCount() != 0) {
						return Optional.empty();
					}
					method.setAccessible(true);
					return Optional.of(MethodHandles.lookup().unreflect(method)
							.asType(MethodType.methodType(Object.class, Object.class)));
				}
				catch (ReflectiveOperationException | RuntimeException e) {
					return Optional.empty();
				}
			}
		};
	}
}
