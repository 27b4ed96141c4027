package com.yuelv.platform.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.util.UriUtils;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shedding order with a fixed limit of ten: requests held in flight fill the limit, and each further request is
 * admitted or refused by its priority, sheddable first, critical last; refusals are 503 problems with Retry-After,
 * counted per priority; health probes are never shed.
 */
class LoadShedFilterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
	private final OverloadSettings settings = new OverloadSettings(true, 10, 10, 10, 0.8, 0.5, 1.5, 0.2,
			Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(400),
			Duration.ofMillis(200), Duration.ofMillis(100));
	/** The filter's clock: it moves only when a test moves it. */
	private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1L << 40);
	private final LoadShedding shedding = new LoadShedding(settings,
			new AdaptiveConcurrencyLimit(settings, clock::get), meters);
	private final LoadShedFilter filter = new LoadShedFilter(shedding, JsonMapper.builder().build());
	private final CountDownLatch release = new CountDownLatch(1);
	private final List<Thread> held = new ArrayList<>();

	@AfterEach
	void releaseHeldRequests() throws InterruptedException {
		release.countDown();
		for (var thread : held) {
			thread.join();
		}
	}

	/**
	 * A request as the container hands it to the filters: the raw path as its URI, and the path it is routed by,
	 * decoded, as its servlet path (the application's one servlet is mapped to {@code /}).
	 */
	private static MockHttpServletRequest routed(String method, String rawPath) {
		var request = new MockHttpServletRequest(method, rawPath);
		request.setServletPath(UriUtils.decode(rawPath, StandardCharsets.UTF_8));
		return request;
	}

	/** Sends a request that stays in flight until the test ends; waits until it is admitted or refused. */
	private MockHttpServletResponse hold(String method, String path) throws InterruptedException {
		var response = new MockHttpServletResponse();
		var entered = new CountDownLatch(1);
		var thread = Thread.ofVirtual().start(() -> {
			try {
				filter.doFilter(routed(method, path), response, (request, ignored) -> {
					entered.countDown();
					try {
						release.await();
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				});
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
			finally {
				entered.countDown();
			}
		});
		held.add(thread);
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		return response;
	}

	private MockHttpServletResponse send(String method, String path) throws Exception {
		var response = new MockHttpServletResponse();
		var reached = new AtomicBoolean();
		FilterChain chain = (request, ignored) -> reached.set(true);
		filter.doFilter(routed(method, path), response, chain);
		assertThat(reached.get()).isEqualTo(response.getStatus() == 200);
		return response;
	}

	@Test
	void shedsSheddableFirstThenNormalAndCriticalLast() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(hold("GET", "/api/v1/trips/t" + i).getStatus()).isEqualTo(200);
		}
		var inbox = send("GET", "/api/v1/inbox");
		assertThat(inbox.getStatus()).isEqualTo(503);
		assertThat(inbox.getHeader("Retry-After")).isEqualTo("2");
		assertThat(inbox.getContentType()).isEqualTo("application/problem+json");
		assertThat(inbox.getContentAsString()).contains("\"status\":503", "/problems/overloaded", "sheddable");
		assertThat(send("GET", "/api/v1/places").getStatus()).isEqualTo(503);
		assertThat(send("GET", "/api/v1/search/trips").getStatus()).isEqualTo(200);

		for (int i = 0; i < 3; i++) {
			assertThat(hold("GET", "/api/v1/search/trips").getStatus()).isEqualTo(200);
		}
		assertThat(send("PUT", "/api/v1/trips/t1").getStatus()).isEqualTo(503);
		assertThat(send("POST", "/api/v1/trips/t1/join-requests").getStatus()).isEqualTo(200);
		assertThat(send("POST", "/api/v1/auth/login").getStatus()).isEqualTo(200);

		for (int i = 0; i < 2; i++) {
			assertThat(hold("POST", "/api/v1/join-requests/r" + i + "/acceptance").getStatus()).isEqualTo(200);
		}
		assertThat(send("POST", "/api/v1/auth/login").getStatus()).isEqualTo(503);
		assertThat(send("GET", "/actuator/health/readiness").getStatus()).isEqualTo(200);

		assertThat(count("sheddable", "shed")).isEqualTo(2);
		assertThat(count("normal", "shed")).isEqualTo(1);
		assertThat(count("critical", "shed")).isEqualTo(1);
		assertThat(count("critical", "admitted")).isEqualTo(4);
		assertThat(meters.get("yuelv.overload.inflight").tag("priority", "normal").gauge().value()).isEqualTo(8);
	}

	@Test
	void aBurstOfCriticalRequestsOnAnIdleServerWaitsItsTurnAndNoneIsShed() throws Exception {
		// the limit of ten as above, the shipped patience of two seconds, and no latency learnt yet
		var patient = new OverloadSettings(true, 10, 10, 1000, 0.8, 0.5, 1.5, 0.2, Duration.ofMillis(100),
				Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(5),
				Duration.ofMillis(100));
		var burstFilter = new LoadShedFilter(new LoadShedding(patient,
				new AdaptiveConcurrencyLimit(patient, clock::get), meters), JsonMapper.builder().build());
		var go = new CountDownLatch(1);
		var statuses = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
		var burst = new ArrayList<Thread>();
		for (int i = 0; i < 100; i++) {
			var path = "/api/v1/join-requests/r" + i + "/acceptance";
			burst.add(Thread.ofVirtual().start(() -> {
				var response = new MockHttpServletResponse();
				try {
					go.await();
					burstFilter.doFilter(routed("POST", path), response, (request, ignored) -> {
						try {
							Thread.sleep(5);
						}
						catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
					});
				}
				catch (Exception e) {
					throw new IllegalStateException(e);
				}
				statuses.add(response.getStatus());
			}));
		}
		go.countDown();
		for (var thread : burst) {
			thread.join();
		}

		assertThat(statuses).hasSize(100).containsOnly(200);
		assertThat(count("critical", "shed")).isZero();
		assertThat(count("critical", "admitted")).isEqualTo(100);
	}

	@Test
	void classesAPathSpeltWithEscapesAsTheRouteItReaches() throws Exception {
		for (int i = 0; i < 5; i++) {
			hold("GET", "/api/v1/trips/t" + i);
		}
		// the inbox with an escape in its raw path, which is not /api/v1/inbox: it is still the inbox, and sheddable
		assertThat(send("GET", "/api/v1/%69nbox").getStatus()).isEqualTo(503);
		assertThat(count("sheddable", "shed")).isEqualTo(1);
		assertThat(send("POST", "/api/v1/%61uth/login").getStatus()).isEqualTo(200);
		assertThat(count("critical", "admitted")).isEqualTo(1);
	}

	@Test
	void admitsEverythingWhenSwitchedOff() throws Exception {
		for (int i = 0; i < 10; i++) {
			hold("GET", "/api/v1/trips/t" + i);
		}
		assertThat(send("GET", "/api/v1/inbox").getStatus()).isEqualTo(503);
		shedding.enable(false);
		assertThat(send("GET", "/api/v1/inbox").getStatus()).isEqualTo(200);
	}

	@Test
	void learnsOnlyFromAnswersThatDidTheWork() throws Exception {
		for (int i = 0; i < 2 * AdaptiveConcurrencyLimit.MAX_ROUTES; i++) {
			var response = new MockHttpServletResponse();
			filter.doFilter(routed("GET", "/api/v1/no-such-thing-" + i), response,
					(request, answer) -> ((jakarta.servlet.http.HttpServletResponse) answer).setStatus(404));
			assertThat(response.getStatus()).isEqualTo(404);
		}
		assertThat(meters.get("yuelv.overload.queueing").timer().count()).as("none was stamped").isZero();
		// the unmatched paths took no route: the first answer that did its work gets the first one
		send("GET", "/api/v1/trips/t1");
		assertThat(shedding.route("GET", "/api/v1/trips/t2")).isZero();
		assertThat(shedding.route("GET", "/api/v1/search/trips")).isEqualTo(1);
	}

	@Test
	void onceAQueueStandsShedsWhatQueuedTooLongByPriorityButNeverACriticalRequest() throws Exception {
		// sheddable requests may have queued 200 ms, normal ones 400 ms, once every request for 100 ms queued longer
		assertThat(sendQueued(0, "GET", "/api/v1/inbox").getStatus()).isEqualTo(200);
		assertThat(sendQueued(300, "GET", "/api/v1/inbox").getStatus()).as("a spike").isEqualTo(200);
		clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
		assertThat(sendQueued(300, "GET", "/api/v1/inbox").getStatus()).isEqualTo(200);
		clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
		var shed = sendQueued(300, "GET", "/api/v1/inbox");
		assertThat(shed.getStatus()).as("a queue standing for 120 ms").isEqualTo(503);
		assertThat(shed.getHeader("Retry-After")).isEqualTo("2");
		assertThat(sendQueued(100, "GET", "/api/v1/inbox").getStatus()).as("queued less").isEqualTo(200);
		assertThat(sendQueued(300, "GET", "/api/v1/inbox").getStatus()).as("a new episode").isEqualTo(200);

		// normal requests by their own maximum
		assertThat(sendQueued(500, "GET", "/api/v1/trips/t1").getStatus()).isEqualTo(200);
		clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
		assertThat(sendQueued(500, "GET", "/api/v1/trips/t1").getStatus()).isEqualTo(200);
		clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(60));
		assertThat(sendQueued(500, "GET", "/api/v1/trips/t1").getStatus()).isEqualTo(503);
		assertThat(sendQueued(5000, "POST", "/api/v1/trips/t1/join-requests").getStatus()).isEqualTo(200);

		// each arrival counts once, whoever takes it: a request pipelined behind another (a health probe here) has no
		// queueing of its own
		var second = new MockHttpServletResponse();
		Arrivals.stamping(Runnable::run, () -> clock.get() - TimeUnit.SECONDS.toNanos(1)).execute(() -> {
			try {
				send("GET", "/actuator/health/readiness");
				filter.doFilter(routed("GET", "/api/v1/trips/t2"), second, (request, ignored) -> {
				});
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		assertThat(second.getStatus()).isEqualTo(200);

		assertThat(count("sheddable", "shed")).isEqualTo(1);
		assertThat(count("normal", "shed")).isEqualTo(1);
		assertThat(count("critical", "shed")).isZero();
		var queueing = meters.get("yuelv.overload.queueing").timer();
		assertThat(queueing.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5000);
		// the ten API requests with an arrival of their own; the pipelined one has none and is not timed
		assertThat(queueing.count()).isEqualTo(10);
	}

	/** Sends a request that arrived {@code millis} ago by the filter's clock and queued since for a thread. */
	private MockHttpServletResponse sendQueued(long millis, String method, String path) {
		var response = new java.util.concurrent.atomic.AtomicReference<MockHttpServletResponse>();
		Arrivals.stamping(Runnable::run, () -> clock.get() - TimeUnit.MILLISECONDS.toNanos(millis)).execute(() -> {
			try {
				response.set(send(method, path));
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		return response.get();
	}

	private double count(String priority, String outcome) {
		return meters.get("yuelv.overload.requests").tag("priority", priority).tag("outcome", outcome).counter()
				.count();
	}
}
