package com.yuelv.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.yuelv.shared.Dependencies;
import com.yuelv.shared.Rejection;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The guard of a dependency: a failing call is answered by the fallback and marked as degraded, or refused as
 * unavailable; enough failures open the circuit and the dependency is no longer called; a slow call is cut at its
 * timeout; a full bulkhead refuses at once; a refusal by the dependency itself passes through and is no failure; a
 * lookup through {@link LastKnownAnswers} is answered as last seen, marked as degraded, while the circuit is open.
 */
class GuardedDependenciesTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
	private final ResilienceSettings settings = new ResilienceSettings(null, Map.of("flaky",
			new ResilienceSettings.Guard(Duration.ofMillis(200), 2, 50f, Duration.ofSeconds(1), 100f, 10, 4,
					Duration.ofSeconds(30))));
	private final GuardedDependencies dependencies = new GuardedDependencies(settings, breakers,
			BulkheadRegistry.ofDefaults(), meters);
	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@BeforeEach
	void inARequest() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest(), response));
	}

	@AfterEach
	void afterTheRequest() {
		RequestContextHolder.resetRequestAttributes();
		dependencies.destroy();
	}

	private String failing() {
		throw new IllegalStateException("connection refused");
	}

	@Test
	void answersFromTheDependencyWhileItWorks() {
		assertThat(dependencies.call("flaky", () -> "fresh", () -> Optional.of("cached"))).isEqualTo("fresh");
		assertThat(response.getHeader(Dependencies.DEGRADED_HEADER)).isNull();
	}

	@Test
	void servesTheFallbackMarkedAsDegradedWhenTheCallFails() {
		assertThat(dependencies.call("flaky", this::failing, () -> Optional.of("cached"))).isEqualTo("cached");
		assertThat(response.getHeader(Dependencies.DEGRADED_HEADER)).isEqualTo("flaky");
		assertThat(meters.get("yuelv.resilience.fallbacks").tag("dependency", "flaky").tag("answer", "degraded")
				.counter().count()).isEqualTo(1);
	}

	@Test
	void refusesAsUnavailableWithoutAFallback() {
		assertThatThrownBy(() -> dependencies.call("flaky", this::failing, Optional::empty))
				.isInstanceOfSatisfying(Rejection.class, rejection -> {
					assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE);
					assertThat(rejection.problemType()).isEqualTo("dependency-unavailable");
					assertThat(rejection.getMessage()).contains("flaky", "it failed");
					assertThat(rejection.retryAfter()).isPositive();
				});
	}

	@Test
	void opensTheCircuitAfterEnoughFailuresAndStopsCalling() {
		var calls = new AtomicInteger();
		for (int i = 0; i < 4; i++) {
			dependencies.call("flaky", () -> {
				calls.incrementAndGet();
				return failing();
			}, () -> Optional.of("cached"));
		}
		assertThat(breakers.circuitBreaker("flaky").getState()).isEqualTo(CircuitBreaker.State.OPEN);

		assertThat(dependencies.call("flaky", () -> {
			calls.incrementAndGet();
			return "fresh";
		}, () -> Optional.of("cached"))).isEqualTo("cached");
		assertThat(calls).hasValue(4);
		assertThatThrownBy(() -> dependencies.call("flaky", () -> "fresh", Optional::empty))
				.hasMessageContaining("circuit is open")
				.isInstanceOfSatisfying(Rejection.class,
						rejection -> assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void aLookupIsAnsweredAsLastSeenMarkedAsDegradedWhileTheCircuitIsOpen() {
		var trips = dependencies.<String, String>lastKnownAnswers("flaky", Duration.ofMinutes(10), 100);
		var calls = new AtomicInteger();
		assertThat(trips.find("kyoto", () -> Optional.of("Kyoto in autumn"))).contains("Kyoto in autumn");
		assertThat(trips.find("gone", () -> Optional.of("a trip since removed"))).isPresent();
		assertThat(trips.find("gone", Optional::empty)).isEmpty();
		assertThat(response.getHeader(Dependencies.DEGRADED_HEADER)).isNull();

		var breaker = breakers.circuitBreaker("flaky");
		for (int i = 0; i < 10 && breaker.getState() != CircuitBreaker.State.OPEN; i++) {
			assertThat(trips.find("kyoto", () -> {
				calls.incrementAndGet();
				return Optional.of(failing());
			})).as("while it fails").contains("Kyoto in autumn");
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		var made = calls.get();
		assertThat(trips.find("kyoto", () -> {
			calls.incrementAndGet();
			return Optional.of("not asked");
		})).as("while the circuit is open").contains("Kyoto in autumn");
		assertThat(calls).as("the dependency is not asked").hasValue(made);
		assertThat(response.getHeader(Dependencies.DEGRADED_HEADER)).isEqualTo("flaky");
		// never seen, or seen to be gone: nothing stands in for the dependency
		assertThatThrownBy(() -> trips.find("osaka", () -> Optional.of("not asked"))).isInstanceOfSatisfying(
				Rejection.class, rejection -> assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE));
		assertThatThrownBy(() -> trips.find("gone", () -> Optional.of("not asked"))).isInstanceOf(Rejection.class);
	}

	@Test
	void cutsASlowCallAtItsTimeout() {
		long start = System.nanoTime();
		var answer = dependencies.call("flaky", () -> {
			try {
				Thread.sleep(5_000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return "late";
		}, () -> Optional.of("cached"));
		assertThat(answer).isEqualTo("cached");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		assertThat(breakers.circuitBreaker("flaky").getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void refusesAtOnceWhenTheBulkheadIsFull() throws Exception {
		var inside = new CountDownLatch(2);
		var leave = new CountDownLatch(1);
		var busy = new Thread[2];
		for (int i = 0; i < 2; i++) {
			busy[i] = Thread.ofVirtual().start(() -> dependencies.call("flaky", () -> {
				inside.countDown();
				try {
					leave.await(150, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return "slow";
			}, () -> Optional.of("cached")));
		}
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatThrownBy(() -> dependencies.call("flaky", () -> "fresh", Optional::empty))
				.hasMessageContaining("too many calls");
		leave.countDown();
		for (var thread : busy) {
			thread.join();
		}
		assertThat(dependencies.call("flaky", () -> "fresh", Optional::empty)).isEqualTo("fresh");
	}

	@Test
	void holdsTheBulkheadForACallCutAtItsTimeoutUntilTheCallEnds() throws Exception {
		var finish = new CountDownLatch(1);
		var ended = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			assertThat(dependencies.call("flaky", () -> {
				// a call that does not heed interruption, as a search in progress
				while (finish.getCount() > 0) {
					Thread.onSpinWait();
				}
				ended.countDown();
				return "late";
			}, () -> Optional.of("cached"))).isEqualTo("cached");
		}
		assertThatThrownBy(() -> dependencies.call("flaky", () -> "fresh", Optional::empty))
				.hasMessageContaining("too many calls");
		finish.countDown();
		assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				dependencies.call("flaky", () -> "fresh", Optional::empty)).isEqualTo("fresh"));
	}

	@Test
	void givesBackTheBulkheadOfACallCutBeforeItBegan() throws Exception {
		// under overload a call may still wait to be run when its caller gives up on it: here the only thread that
		// runs calls is busy until both callers have given up
		var runner = Executors.newSingleThreadExecutor();
		var guarded = new GuardedDependencies(settings, breakers, BulkheadRegistry.ofDefaults(), meters, runner);
		var busy = new CountDownLatch(1);
		runner.execute(() -> {
			try {
				busy.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		var begun = new AtomicInteger();
		try {
			for (int i = 0; i < 2; i++) {
				assertThat(guarded.call("flaky", () -> {
					begun.incrementAndGet();
					return "late";
				}, () -> Optional.of("cached"))).isEqualTo("cached");
			}
			busy.countDown();
			assertThat(guarded.call("flaky", () -> "fresh", Optional::empty)).isEqualTo("fresh");
			assertThat(guarded.call("flaky", () -> "fresh", Optional::empty)).isEqualTo("fresh");
			assertThat(begun).as("calls given up on before they began").hasValue(0);
		}
		finally {
			busy.countDown();
			runner.shutdownNow();
		}
	}

	@Test
	void passesTheDependencysOwnRefusalThroughAsNoFailure() {
		var notFound = Rejection.notFound("trip-not-found", "No such trip");
		for (int i = 0; i < 10; i++) {
			assertThatThrownBy(() -> dependencies.call("flaky", () -> {
				throw notFound;
			}, () -> Optional.of("cached"))).isSameAs(notFound);
		}
		assertThat(breakers.circuitBreaker("flaky").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breakers.circuitBreaker("flaky").getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void runsTheCallWithTheCallersRequestContext() {
		assertThat(dependencies.call("flaky", () -> RequestContextHolder.getRequestAttributes() != null,
				Optional::empty)).isTrue();
	}

	@Test
	void malformedSettingsNameTheirKey() {
		var noTimeout = new ResilienceSettings.Guard(Duration.ZERO, null, null, null, null, null, null, null);
		assertThatThrownBy(() -> new ResilienceSettings(null, Map.of("search-index", noTimeout)))
				.hasMessageContaining("yuelv.resilience.dependencies.search-index.timeout");
		var badRate = new ResilienceSettings.Guard(null, null, 150f, null, null, null, null, null);
		assertThatThrownBy(() -> new ResilienceSettings(badRate, null))
				.hasMessageContaining("yuelv.resilience.defaults.failure-rate-threshold");
	}

	@Test
	void takesWhatADependencyLeavesOutFromTheDefaults() {
		var defaults = new ResilienceSettings.Guard(Duration.ofSeconds(3), 7, null, null, null, null, null, null);
		var own = new ResilienceSettings.Guard(Duration.ofMillis(500), null, null, null, null, null, null, null);
		var settings = new ResilienceSettings(defaults, Map.of("search-index", own));
		assertThat(settings.guard("search-index").timeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(settings.guard("search-index").maxConcurrentCalls()).isEqualTo(7);
		assertThat(settings.guard("other").timeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.guard("other").openFor()).isEqualTo(ResilienceSettings.BUILT_IN.openFor());
	}
}
