package com.yuelv.platform.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.yuelv.shared.Dependencies;
import com.yuelv.shared.Rejection;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link Dependencies} guarded by Resilience4j: per dependency a circuit breaker (failure and slow-call rates over a
 * sliding window of calls), a semaphore bulkhead that refuses at once when full, and a time limiter. Breakers and
 * bulkheads show in the metrics {@code resilience4j.circuitbreaker.*} and {@code resilience4j.bulkhead.*}; answers
 * given without the dependency in {@code yuelv.resilience.fallbacks} (tagged {@code dependency}, and {@code answer}
 * degraded or unavailable). A breaker that opens or closes is logged.
 */
final class GuardedDependencies implements Dependencies, DisposableBean {

	private static final Logger LOG = LoggerFactory.getLogger(GuardedDependencies.class);
	private static final ContextSnapshotFactory CONTEXTS = ContextSnapshotFactory.builder().build();

	private final ResilienceSettings settings;
	private final CircuitBreakerRegistry breakers;
	private final BulkheadRegistry bulkheads;
	private final TimeLimiterRegistry timeLimiters;
	private final MeterRegistry meters;
	private final ExecutorService calls;

	GuardedDependencies(ResilienceSettings settings, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			MeterRegistry meters) {
		this(settings, breakers, bulkheads, meters,
				Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dependency-call-", 0).factory()));
	}

	/** Guards whose calls run on {@code calls}, which this closes when destroyed. */
	GuardedDependencies(ResilienceSettings settings, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			MeterRegistry meters, ExecutorService calls) {
		this.calls = calls;
		this.settings = settings;
		this.breakers = breakers;
		this.bulkheads = bulkheads;
		this.timeLimiters = TimeLimiterRegistry.ofDefaults();
		this.meters = meters;
		breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
				.onStateTransition(event -> LOG.warn("Circuit of dependency {}: {}", event.getCircuitBreakerName(),
						event.getStateTransition())));
	}

	@Override
	public <K, V> Lookups<K, V> lastKnownAnswers(String dependency, Duration keptFor, long most) {
		return new LastKnownAnswers<>(this, dependency, keptFor, most);
	}

	@Override
	public <T> T call(String dependency, Supplier<T> call, Supplier<Optional<T>> fallback) {
		var guard = settings.guard(dependency);
		var breaker = breakers.circuitBreaker(dependency, () -> breakerConfig(guard));
		var bulkhead = bulkheads.bulkhead(dependency, () -> BulkheadConfig.custom()
				.maxConcurrentCalls(guard.maxConcurrentCalls()).maxWaitDuration(Duration.ZERO).build());
		if (!breaker.tryAcquirePermission()) {
			return without(dependency, "its circuit is open", guard.openFor(), fallback);
		}
		if (!bulkhead.tryAcquirePermission()) {
			breaker.releasePermission();
			return without(dependency, "too many calls are under way", Duration.ofSeconds(1), fallback);
		}
		var timeLimiter = timeLimiters.timeLimiter(dependency, () -> TimeLimiterConfig.custom()
				.timeoutDuration(guard.timeout()).cancelRunningFuture(true).build());
		// The bulkhead's slot is the call's until the call itself ends, for a call cut at its timeout may still run on.
		// Under overload a call may not even have begun when its caller gives up: then it never begins, and the caller
		// gives the slot back. Whichever comes first, the call beginning or the caller giving up, owns the slot.
		var begun = new AtomicBoolean();
		long start = breaker.getCurrentTimestamp();
		try {
			T result = timeLimiter.executeFutureSupplier(
					() -> calls.submit(withCallerContext(call, begun, bulkhead::onComplete)));
			breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
			return result;
		}
		catch (Exception e) {
			if (begun.compareAndSet(false, true)) {
				bulkhead.onComplete();
			}
			var failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
			long duration = breaker.getCurrentTimestamp() - start;
			if (failure instanceof Rejection rejection) {
				// the dependency answered; it refused
				breaker.onSuccess(duration, breaker.getTimestampUnit());
				throw rejection;
			}
			breaker.onError(duration, breaker.getTimestampUnit(), failure);
			LOG.debug("Call to dependency {} failed", dependency, failure);
			return without(dependency, failure instanceof java.util.concurrent.TimeoutException
					? "it did not answer within " + guard.timeout() : "it failed", Duration.ofSeconds(1), fallback);
		}
	}

	private <T> T without(String dependency, String why, Duration retryAfter, Supplier<Optional<T>> fallback) {
		var degraded = fallback.get();
		if (degraded.isPresent()) {
			count(dependency, "degraded");
			if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
					&& attributes.getResponse() != null) {
				attributes.getResponse().addHeader(DEGRADED_HEADER, dependency);
			}
			return degraded.get();
		}
		count(dependency, "unavailable");
		throw Rejection.unavailable("dependency-unavailable",
				"This answer needs %s, which cannot be reached now: %s.".formatted(dependency, why), retryAfter);
	}

	private void count(String dependency, String answer) {
		Counter.builder("yuelv.resilience.fallbacks").tag("dependency", dependency).tag("answer", answer)
				.description("Answers given without a dependency: degraded ones, or refusals as unavailable")
				.register(meters).increment();
	}

	private static CircuitBreakerConfig breakerConfig(ResilienceSettings.Guard guard) {
		return CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(guard.windowSize())
				.minimumNumberOfCalls(guard.minimumCalls())
				.failureRateThreshold(guard.failureRateThreshold())
				.slowCallDurationThreshold(guard.slowCallDuration())
				.slowCallRateThreshold(guard.slowCallRateThreshold())
				.waitDurationInOpenState(guard.openFor())
				.permittedNumberOfCallsInHalfOpenState(Math.min(5, guard.minimumCalls()))
				.build();
	}

	/**
	 * The call, run with the caller's security, request and locale context unless its caller gave up on it first
	 * ({@code begun} already set); {@code done} runs when a call that began ends.
	 */
	private static <T> java.util.concurrent.Callable<T> withCallerContext(Supplier<T> call, AtomicBoolean begun,
			Runnable done) {
		var security = SecurityContextHolder.getContext();
		var request = RequestContextHolder.getRequestAttributes();
		var locale = LocaleContextHolder.getLocaleContext();
		// the caller's observation, and with it its trace: a call to another deployment continues the caller's trace
		var observed = CONTEXTS.captureAll();
		return () -> {
			if (!begun.compareAndSet(false, true)) {
				throw new CancellationException("Its caller gave up on the call before it began");
			}
			SecurityContextHolder.setContext(security);
			RequestContextHolder.setRequestAttributes(request);
			LocaleContextHolder.setLocaleContext(locale);
			try (var scope = observed.setThreadLocals()) {
				return call.get();
			}
			finally {
				LocaleContextHolder.resetLocaleContext();
				RequestContextHolder.resetRequestAttributes();
				SecurityContextHolder.clearContext();
				done.run();
			}
		};
	}

	@Override
	public void destroy() {
		calls.shutdownNow();
	}
}
