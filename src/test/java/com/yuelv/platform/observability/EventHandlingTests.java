package com.yuelv.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.env.MockEnvironment;

import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.trip.TripPublished;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The observation of event handlers on a real OpenTelemetry tracer: a handler that runs without its publisher's
 * context (a resubmitted publication) continues the trace the event was published in; a failing handler is counted as
 * failed and its span is kept even where the sampling left its trace out, while a handler that succeeds in such a
 * trace is not sent; the lag is measured from the event's occurrence.
 */
class EventHandlingTests {

	record Occurred(UUID eventId, Instant occurredAt) {}

	private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
	private final List<SpanData> exported = new CopyOnWriteArrayList<>();
	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
	private final JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:traces-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
			"sa", ""));
	private SdkTracerProvider provider;

	private EventHandling handling(double probability) {
		var exporter = new SpanExporter() {
			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				exported.addAll(spans);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}
		};
		provider = SdkTracerProvider.builder().setSampler(new ErrorKeepingSampler(probability))
				.addSpanProcessor(SimpleSpanProcessor.create(exporter)).addSpanProcessor(new ErrorSpans(exporter))
				.build();
		var tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {});
		var observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters))
				.observationHandler(new DefaultTracingObservationHandler(tracer));
		jdbc.sql("create schema if not exists platform").update();
		jdbc.sql("""
				create table if not exists platform.event_trace_contexts (
				    event_id uuid not null primary key, traceparent varchar(55) not null,
				    recorded_at timestamp with time zone not null)""").update();
		var traces = new EventTraces(jdbc, tracer, clock);
		this.tracer = tracer;
		this.traces = traces;
		return new EventHandling(observations, meters, LocalModules.from(new MockEnvironment()), tracer, traces,
				clock);
	}

	private OtelTracer tracer;
	private EventTraces traces;

	@AfterEach
	void close() {
		if (provider != null) {
			provider.shutdown().join(5, TimeUnit.SECONDS);
		}
	}

	/** The search module's handler of trip publications, as the call; its body is the given one. */
	private static MethodInvocation handler(Object event, ThrowingRunnable body) throws Throwable {
		var call = mock(MethodInvocation.class);
		given(call.getMethod()).willReturn(searchHandler());
		given(call.getArguments()).willReturn(new Object[] { event });
		given(call.proceed()).willAnswer(invocation -> {
			body.run();
			return null;
		});
		return call;
	}

	interface ThrowingRunnable {
		void run() throws Exception;
	}

	private static Method searchHandler() throws ClassNotFoundException, NoSuchMethodException {
		return Class.forName("com.yuelv.search.internal.TripIndexFeed").getDeclaredMethod("on", TripPublished.class);
	}

	@Test
	void itAppliesToTheModulesEventHandlersOnly() throws Exception {
		var handlers = new EventHandling.Handlers();
		var feed = Class.forName("com.yuelv.search.internal.TripIndexFeed");

		assertThat(handlers.matches(searchHandler(), feed)).isTrue();
		assertThat(handlers.matches(Object.class.getMethod("equals", Object.class), feed)).isFalse();
		// the platform's own listener of every domain event is not one of them
		assertThat(handlers.matches(PublishedEvents.class.getDeclaredMethod("on",
				org.jmolecules.event.types.DomainEvent.class), PublishedEvents.class)).isFalse();
	}

	@Test
	void aResubmittedEventContinuesTheTraceItWasPublishedIn() throws Throwable {
		var handling = handling(1.0);
		var event = new Occurred(UUID.randomUUID(), NOW.minusSeconds(1));
		var publishing = tracer.nextSpan().name("publish").start();
		try (var scope = tracer.withSpan(publishing)) {
			traces.published(event);
			traces.published(event);
		}
		publishing.end();

		assertThat(tracer.currentSpan()).isNull();
		handling.invoke(handler(event, () -> {}));

		var handled = exported.stream().filter(span -> span.getName().equals("handle Occurred")).findFirst()
				.orElseThrow();
		assertThat(handled.getTraceId()).isEqualTo(publishing.context().traceId());
		assertThat(handled.getParentSpanId()).isEqualTo(publishing.context().spanId());
		assertThat(meters.get(EventHandling.NAME).tags("module", "search", "event", "Occurred", "outcome", "handled")
				.timer().count()).isEqualTo(1);
	}

	@Test
	void anEventWithoutAKeptContextStartsATraceOfItsOwn() throws Throwable {
		var handling = handling(1.0);
		var event = new Occurred(UUID.randomUUID(), NOW);

		handling.invoke(handler(event, () -> {}));

		var handled = exported.stream().filter(span -> span.getName().equals("handle Occurred")).findFirst()
				.orElseThrow();
		assertThat(handled.getParentSpanContext().isValid()).isFalse();
	}

	@Test
	void aFailedHandlerIsCountedAndKeptWhateverTheSampling() throws Throwable {
		var handling = handling(0.0);

		handling.invoke(handler(new Occurred(UUID.randomUUID(), NOW), () -> {}));
		assertThatThrownBy(() -> handling.invoke(handler(new Occurred(UUID.randomUUID(), NOW), () -> {
			throw new IllegalStateException("index unavailable");
		}))).isInstanceOf(IllegalStateException.class);
		provider.forceFlush().join(5, TimeUnit.SECONDS);

		assertThat(meters.get(EventHandling.NAME).tags("outcome", "failed").timer().count()).isEqualTo(1);
		assertThat(meters.get(EventHandling.NAME).tags("outcome", "handled").timer().count()).isEqualTo(1);
		assertThat(exported).singleElement().satisfies(span -> {
			assertThat(span.getName()).isEqualTo("handle Occurred");
			assertThat(span.getSpanContext().isSampled()).isFalse();
			assertThat(span.getAttributes().get(AttributeKey.booleanKey(ErrorKeepingSampler.UNSAMPLED))).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("failed");
		});
	}

	@Test
	void theLagRunsFromTheEventsOccurrence() throws Throwable {
		var handling = handling(1.0);

		handling.invoke(handler(new Occurred(UUID.randomUUID(), NOW.minus(Duration.ofSeconds(5))), () -> {}));

		var lag = meters.get("yuelv.events.lag").tags("module", "search", "event", "Occurred").timer();
		assertThat(lag.count()).isEqualTo(1);
		assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5000);
	}
}
