package com.yuelv.platform.observability;

import java.time.Clock;
import java.time.Duration;

import java.lang.reflect.Method;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AnnotatedElementUtils;

import com.yuelv.platform.deployment.LocalModules;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

/**
 * Observes every event handler of the business modules (a method of theirs with one parameter that is an
 * {@code @EventListener}, {@code @TransactionalEventListener} or {@code @ApplicationModuleListener}): the observation
 * {@code yuelv.events.handling} (a timer by module, event and outcome, {@code handled} or {@code failed}, and a span
 * named after the event) and the timer {@code yuelv.events.lag}, how long after the event occurred its handling began.
 * Applied around the handler's transaction, so a failed commit counts as a failure. A handler that runs without its
 * publisher's context (a resubmitted publication) continues the trace the event was published in
 * ({@link EventTraces}).
 */
final class EventHandling implements MethodInterceptor {

	/** The handlers it applies to, told by their annotations once per method when the application starts. */
	static final class Handlers extends StaticMethodMatcherPointcut {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			var type = targetClass.getName();
			return type.startsWith("com.yuelv.") && !type.startsWith("com.yuelv.platform.")
					&& method.getParameterCount() == 1 && AnnotatedElementUtils.hasAnnotation(method,
							EventListener.class);
		}
	}

	static final String NAME = "yuelv.events.handling";
	private static final Duration[] LAG_BUCKETS = { Duration.ofMillis(10), Duration.ofMillis(50),
			Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
			Duration.ofMinutes(2), Duration.ofMinutes(10) };

	private final ObservationRegistry observations;
	private final MeterRegistry meters;
	private final LocalModules modules;
	private final Tracer tracer;
	private final EventTraces traces;
	private final Clock clock;

	EventHandling(ObservationRegistry observations, MeterRegistry meters, LocalModules modules, Tracer tracer,
			EventTraces traces, Clock clock) {
		this.observations = observations;
		this.meters = meters;
		this.modules = modules;
		this.tracer = tracer;
		this.traces = traces;
		this.clock = clock;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation handler) throws Throwable {
		var event = handler.getArguments()[0];
		if (event == null || event instanceof ApplicationEvent) {
			return handler.proceed();
		}
		var module = modules.moduleOf(handler.getMethod().getDeclaringClass().getName()).orElse("none");
		var type = event.getClass().getSimpleName();
		var occurred = EventTraces.occurredAt(event);
		if (occurred != null) {
			var lag = Duration.between(occurred, clock.instant());
			Timer.builder("yuelv.events.lag").tag("module", module).tag("event", type)
					.serviceLevelObjectives(LAG_BUCKETS)
					.description("From an event's occurrence to the start of its handling by a module")
					.register(meters).record(lag.isNegative() ? Duration.ZERO : lag);
		}
		var restored = tracer.currentSpan() == null ? traces.publishedIn(event) : null;
		var scope = restored == null ? null : tracer.currentTraceContext().newScope(restored);
		var observation = Observation.createNotStarted(NAME, observations)
				.contextualName("handle " + type)
				.lowCardinalityKeyValue("module", module)
				.lowCardinalityKeyValue("event", type)
				.start();
		try (var observed = observation.openScope()) {
			var result = handler.proceed();
			observation.lowCardinalityKeyValue("outcome", "handled");
			return result;
		}
		catch (Throwable failure) {
			observation.lowCardinalityKeyValue("outcome", "failed");
			observation.error(failure);
			throw failure;
		}
		finally {
			observation.stop();
			if (scope != null) {
				scope.close();
			}
		}
	}
}
