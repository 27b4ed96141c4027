package com.yuelv.platform.observability;

import java.time.Clock;
import java.time.Duration;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import com.yuelv.platform.deployment.LocalModules;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Metrics, traces and their context across threads. Common tags ({@code application}, {@code deployment}) come from
 * {@code management.metrics.tags.*}; the route metrics gain the module and the problem type
 * ({@link ApiRequestConvention}); event handlers are observed ({@link EventHandling}) and domain events counted
 * ({@link PublishedEvents}). The asynchronous listeners of the outbox run in the context of the request that published
 * their event, so one trace follows a request through its events.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	ApiRequestConvention apiRequestConvention(LocalModules modules) {
		return new ApiRequestConvention(modules);
	}

	/** The observation, trace and log context of the caller, on the executors of {@code @Async} listeners. */
	@Bean
	ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
		return new ContextPropagatingTaskDecorator();
	}

	@Bean
	Sampler errorKeepingSampler(@Value("${management.tracing.sampling.probability:0.1}") double probability) {
		return new ErrorKeepingSampler(probability);
	}

	@Bean
	ErrorSpans errorSpans(SpanExporters exporters) {
		return new ErrorSpans(SpanExporter.composite(exporters.list()));
	}

	@Bean
	EventTraces eventTraces(JdbcClient jdbc, Tracer tracer, Clock clock) {
		return new EventTraces(jdbc, tracer, clock);
	}

	@Bean
	EventHandling eventHandling(ObservationRegistry observations, MeterRegistry meters, LocalModules modules,
			Tracer tracer, EventTraces traces, Clock clock) {
		return new EventHandling(observations, meters, modules, tracer, traces, clock);
	}

	/**
	 * Around every event handler, outside its transaction (an infrastructure advisor, applied by the same proxy
	 * creator as the transactions, first in order); its interceptor is taken from the context at the first event.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor eventHandlingAdvisor(ObjectProvider<EventHandling> handling) {
		MethodInterceptor observed = invocation -> handling.getObject().invoke(invocation);
		var advisor = new DefaultPointcutAdvisor(new EventHandling.Handlers(), observed);
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return advisor;
	}

	@Bean
	PublishedEvents publishedEvents(MeterRegistry meters, LocalModules modules, EventTraces traces) {
		return new PublishedEvents(meters, modules, traces);
	}

	@Bean
	TraceMaintenance traceMaintenance(EventTraces traces,
			@Value("${yuelv.events.keep-completed:7d}") Duration keep) {
		return new TraceMaintenance(traces, keep);
	}

	/** Forgets the traces of events as old as the completed publications the outbox purges. */
	static final class TraceMaintenance {

		private final EventTraces traces;
		private final Duration keep;

		TraceMaintenance(EventTraces traces, Duration keep) {
			this.traces = traces;
			this.keep = keep;
		}

		@Scheduled(initialDelayString = "1h", fixedDelayString = "1h")
		void forgetOld() {
			traces.forgetOlderThan(keep);
		}
	}

	/**
	 * {@code yuelv.ready}: 1 while the readiness group ({@code /actuator/health/readiness}, what the probes ask) is UP,
	 * 0 otherwise, read at each scrape; its changes show a deployment going in and out of its Service.
	 */
	@Bean
	MeterBinder readiness(ObjectProvider<HealthEndpoint> health) {
		return meters -> Gauge.builder("yuelv.ready", health, endpoint -> {
			var readiness = endpoint.getObject().healthForPath("readiness");
			return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
		}).description("Whether the deployment answers its readiness probe with UP").register(meters);
	}

	/** Bounded series: the client's URI never becomes a tag, whatever an instrumentation adds. */
	@Bean
	MeterFilter noRawUris() {
		return MeterFilter.ignoreTags("http.url", "uri.raw", "client.address");
	}
}
