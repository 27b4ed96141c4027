package com.yuelv.platform.overload;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * What load shedding costs a request it admits (classify, admit, time, release and learn), what refusing one costs,
 * and the same filter switched off. Run with {@code bench/jmh.sh LoadSheddingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(2)
public class LoadSheddingBenchmark {

	private static final FilterChain NOTHING = (request, response) -> {};

	private LoadShedFilter admitting;
	private LoadShedFilter refusing;
	private LoadShedFilter off;

	private static LoadShedFilter filter(int limit, boolean enabled) {
		var settings = new OverloadSettings(true, limit, limit, limit, 0.8, 0.5, 1.5, 0.2, Duration.ofMillis(100),
				Duration.ofSeconds(1), Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofMillis(100));
		var shedding = new LoadShedding(settings, new AdaptiveConcurrencyLimit(settings, System::nanoTime),
				new SimpleMeterRegistry());
		shedding.enable(enabled);
		return new LoadShedFilter(shedding, JsonMapper.builder().build());
	}

	@Setup
	public void setUp() {
		admitting = filter(1000, true);
		off = filter(1000, false);
		refusing = filter(1, true);
		// one request held in flight for good: every later one is refused
		refusing.shedding().admit(Priority.CRITICAL, 0, 0);
	}

	private static MockHttpServletRequest inboxRefresh() {
		var request = new MockHttpServletRequest("GET", "/api/v1/inbox");
		request.setServletPath(request.getRequestURI());
		return request;
	}

	@Benchmark
	public MockHttpServletResponse admitted() throws Exception {
		var response = new MockHttpServletResponse();
		admitting.doFilter(inboxRefresh(), response, NOTHING);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse shed() throws Exception {
		var response = new MockHttpServletResponse();
		refusing.doFilter(inboxRefresh(), response, NOTHING);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse switchedOff() throws Exception {
		var response = new MockHttpServletResponse();
		off.doFilter(inboxRefresh(), response, NOTHING);
		return response;
	}
}
