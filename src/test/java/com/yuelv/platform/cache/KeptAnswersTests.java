package com.yuelv.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;

class KeptAnswersTests {

	static final String TRIP = "/api/v1/trips/5b0c7a4e-4b1c-4a53-9d1c-2f8e6f1f7a10";
	static final String PUBLIC = "public, max-age=15, stale-while-revalidate=15";

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();
	final AtomicLong now = new AtomicLong(1_000_000_000L);
	final Ticker ticker = now::get;
	final AtomicInteger served = new AtomicInteger();
	final AtomicInteger refused = new AtomicInteger();

	/** The rest of the chain: a controller that answers with a body and whatever else {@code answer} sets. */
	FilterChain controller(Consumer<HttpServletResponse> answer) {
		return (request, response) -> {
			served.incrementAndGet();
			var http = (HttpServletResponse) response;
			http.setHeader("X-Content-Type-Options", "nosniff");
			http.setHeader("RateLimit-Remaining", Integer.toString(100 - served.get()));
			http.setContentType("application/json");
			answer.accept(http);
			http.getOutputStream().write(("{\"served\":" + served.get() + "}").getBytes(StandardCharsets.UTF_8));
		};
	}

	FilterChain publicTrip() {
		return controller(response -> {
			response.setHeader("Cache-Control", PUBLIC);
			response.setHeader("ETag", "\"3\"");
		});
	}

	KeptAnswers answers(Duration lifetime) {
		return new KeptAnswers(new CacheSettings.Answers(lifetime, DataSize.ofMegabytes(1), DataSize.ofBytes(64)),
				(request, response) -> {
					if (refused.get() > 0) {
						refused.decrementAndGet();
						response.setStatus(429);
						return false;
					}
					return true;
				}, new DefaultServerRequestObservationConvention(), meters, ticker);
	}

	static MockHttpServletRequest get(String path) {
		var request = new MockHttpServletRequest("GET", path);
		request.setServletPath(path);
		return request;
	}

	static MockHttpServletResponse perform(KeptAnswers answers, MockHttpServletRequest request, FilterChain chain)
			throws Exception {
		var response = new MockHttpServletResponse();
		// what the filters before it wrote: never part of what is kept
		response.setHeader("Access-Control-Allow-Origin", "*");
		answers.doFilter(request, response, chain);
		return response;
	}

	double gets(String result) {
		return meters.get("yuelv.cache.gets").tags("cache", "answers", "result", result).functionCounter().count();
	}

	@Test
	void givesAPublicAnswerAgainWithItsHeadersAndAge() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		var first = perform(answers, get(TRIP), publicTrip());
		now.addAndGet(Duration.ofMillis(300).toNanos());
		var second = perform(answers, get(TRIP), publicTrip());

		assertThat(served).hasValue(1);
		assertThat(second.getStatus()).isEqualTo(200);
		assertThat(second.getContentAsString()).isEqualTo(first.getContentAsString()).isEqualTo("{\"served\":1}");
		assertThat(second.getContentType()).isEqualTo("application/json");
		assertThat(second.getContentLength()).isEqualTo(first.getContentAsByteArray().length);
		assertThat(second.getHeader("Cache-Control")).isEqualTo(PUBLIC);
		assertThat(second.getHeader("ETag")).isEqualTo("\"3\"");
		assertThat(second.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(second.getHeader("Age")).as("rounded up").isEqualTo("1");
		assertThat(first.getHeader("Age")).isNull();
		assertThat(second.getHeaders("Access-Control-Allow-Origin")).as("written before, not kept").hasSize(1);
		assertThat(second.getHeader("RateLimit-Remaining")).as("one request's own").isNull();
		assertThat(gets("hit")).isEqualTo(1);
		assertThat(gets("miss")).isEqualTo(1);
	}

	@Test
	void keepsAnAnswerForItsLifetimeAndNoLongerThanItsMaxAge() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		perform(answers, get(TRIP), publicTrip());
		now.addAndGet(Duration.ofMillis(999).toNanos());
		perform(answers, get(TRIP), publicTrip());
		assertThat(served).hasValue(1);
		now.addAndGet(Duration.ofMillis(2).toNanos());
		perform(answers, get(TRIP), publicTrip());
		assertThat(served).as("a second later it is asked again").hasValue(2);

		var longLived = answers(Duration.ofMinutes(1));
		var shortMaxAge = controller(response -> response.setHeader("Cache-Control", "public, max-age=2"));
		perform(longLived, get("/api/v1/places"), shortMaxAge);
		now.addAndGet(Duration.ofMillis(1999).toNanos());
		perform(longLived, get("/api/v1/places"), shortMaxAge);
		now.addAndGet(Duration.ofMillis(2).toNanos());
		perform(longLived, get("/api/v1/places"), shortMaxAge);
		assertThat(served).as("kept for its max-age").hasValue(4);
	}

	@Test
	void keepsOnlyWhatASharedCacheMayKeep() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		var notKept = new java.util.LinkedHashMap<String, FilterChain>();
		notKept.put("private", controller(response -> response.setHeader("Cache-Control", "private, max-age=15")));
		notKept.put("no max-age", controller(response -> response.setHeader("Cache-Control", "public")));
		notKept.put("no-cache", controller(response -> response.setHeader("Cache-Control", "public, no-cache")));
		notKept.put("no-store", controller(response -> response.setHeader("Cache-Control", "no-store")));
		notKept.put("none", controller(response -> {}));
		notKept.put("a cookie", controller(response -> {
			response.setHeader("Cache-Control", PUBLIC);
			response.addHeader("Set-Cookie", "a=b");
		}));
		notKept.put("varies", controller(response -> {
			response.setHeader("Cache-Control", PUBLIC);
			response.addHeader("Vary", "Accept-Language");
		}));
		notKept.put("not found", controller(response -> {
			response.setHeader("Cache-Control", PUBLIC);
			response.setStatus(404);
		}));
		notKept.put("too large", (request, response) -> {
			served.incrementAndGet();
			var http = (HttpServletResponse) response;
			http.setHeader("Cache-Control", PUBLIC);
			http.setContentType("application/json");
			http.getOutputStream().write(new byte[65]);
		});
		notKept.forEach((reason, chain) -> {
			try {
				var before = served.get();
				perform(answers, get("/api/v1/places"), chain);
				perform(answers, get("/api/v1/places"), chain);
				assertThat(served).as(reason).hasValue(before + 2);
			}
			catch (Exception e) {
				throw new AssertionError(reason, e);
			}
		});
	}

	@Test
	void onlyPublicReadsWithoutCredentialsAreKeptOrGiven() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		perform(answers, get("/api/v1/me"), publicTrip());
		perform(answers, get("/api/v1/me"), publicTrip());
		assertThat(served).as("not a public read").hasValue(2);

		perform(answers, get(TRIP), publicTrip());
		var withToken = get(TRIP);
		withToken.addHeader("Authorization", "Bearer a.b.c");
		var checked = perform(answers, withToken, publicTrip());
		assertThat(checked.getHeader("Age")).as("its token is checked by the chain").isNull();
		var head = get(TRIP);
		head.setMethod("HEAD");
		perform(answers, head, publicTrip());
		assertThat(served).hasValue(5);
		assertThat(perform(answers, get(TRIP), publicTrip()).getHeader("Age")).isNotNull();
	}

	@Test
	void answersACurrentValidatorWithA304() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		perform(answers, get(TRIP), publicTrip());
		for (var current : new String[] { "\"3\"", "W/\"3\"", "\"1\", \"3\"", "*" }) {
			var request = get(TRIP);
			request.addHeader("If-None-Match", current);
			var answer = perform(answers, request, publicTrip());
			assertThat(answer.getStatus()).as(current).isEqualTo(304);
			assertThat(answer.getContentAsByteArray()).as(current).isEmpty();
			assertThat(answer.getHeader("ETag")).isEqualTo("\"3\"");
			assertThat(answer.getHeader("Cache-Control")).isEqualTo(PUBLIC);
		}
		var stale = get(TRIP);
		stale.addHeader("If-None-Match", "\"2\"");
		assertThat(perform(answers, stale, publicTrip()).getStatus()).isEqualTo(200);
		assertThat(served).hasValue(1);
	}

	@Test
	void leavesToTheControllerWhatAKeptAnswerCannotDecide() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		perform(answers, get(TRIP), publicTrip());
		var xml = get(TRIP);
		xml.addHeader("Accept", "application/xml");
		perform(answers, xml, publicTrip());
		var ifMatch = get(TRIP);
		ifMatch.addHeader("If-Match", "\"3\"");
		perform(answers, ifMatch, publicTrip());
		assertThat(served).hasValue(3);

		var refusedByTheFirewall = get(TRIP);
		refusedByTheFirewall.addHeader("If-None-Match", "\"3\"\u0085");
		perform(answers, refusedByTheFirewall, publicTrip());
		var withABody = get(TRIP);
		withABody.setContent(new byte[] { '{', '}' });
		perform(answers, withABody, publicTrip());
		assertThat(served).hasValue(5);

		var browser = get(TRIP);
		browser.addHeader("Accept", "application/json, text/plain, */*");
		assertThat(perform(answers, browser, publicTrip()).getHeader("Age")).isNotNull();
		assertThat(served).hasValue(5);
	}

	@Test
	void aChangeDropsEveryKeptAnswer() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		perform(answers, get(TRIP), publicTrip());
		perform(answers, get("/api/v1/places"), publicTrip());
		answers.forget();
		perform(answers, get(TRIP), publicTrip());
		perform(answers, get("/api/v1/places"), publicTrip());
		assertThat(served).hasValue(4);
	}

	@Test
	void anAnswerMadeWhileSomethingChangedIsNotKept() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		FilterChain racing = (request, response) -> {
			// the controller read the old row, then the change committed and dropped what was kept
			publicTrip().doFilter(request, response);
			answers.forget();
		};
		perform(answers, get(TRIP), racing);
		perform(answers, get(TRIP), publicTrip());
		assertThat(served).hasValue(2);
	}

	@Test
	void aKeptAnswerMeetsTheAdmissionFirst() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		perform(answers, get(TRIP), publicTrip());
		refused.set(1);
		var answer = perform(answers, get(TRIP), publicTrip());
		assertThat(answer.getStatus()).isEqualTo(429);
		assertThat(answer.getContentAsByteArray()).isEmpty();
		assertThat(answer.getHeader("ETag")).isNull();
		assertThat(served).hasValue(1);
	}

	@Test
	void aRequestAKeptAnswerAnswersIsTimedInsteadOfObserved() throws Exception {
		var answers = answers(Duration.ofSeconds(1));
		assertThat(answers.observes(get(TRIP))).as("nothing kept yet").isTrue();
		perform(answers, get(TRIP), publicTrip());
		var withToken = get(TRIP);
		withToken.addHeader("Authorization", "Bearer a.b.c");
		assertThat(answers.observes(withToken)).isTrue();

		var request = get(TRIP);
		assertThat(answers.observes(request)).isFalse();
		now.addAndGet(Duration.ofMillis(3).toNanos());
		var answer = perform(answers, request, publicTrip());
		assertThat(answer.getStatus()).isEqualTo(200);
		var timer = meters.get("http.server.requests").tags("method", "GET", "status", "200", "outcome", "SUCCESS",
				"exception", "none", "error", "none").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(3);

		var refusedRequest = get(TRIP);
		assertThat(answers.observes(refusedRequest)).isFalse();
		refused.set(1);
		perform(answers, refusedRequest, publicTrip());
		assertThat(meters.get("http.server.requests").tags("status", "429", "outcome", "CLIENT_ERROR").timer()
				.count()).isEqualTo(1);
		assertThat(served).as("the chain never ran").hasValue(1);
	}

	@Test
	void aLifetimeOfZeroKeepsNothing() throws Exception {
		var answers = answers(Duration.ZERO);
		perform(answers, get(TRIP), publicTrip());
		perform(answers, get(TRIP), publicTrip());
		assertThat(served).hasValue(2);
	}
}
