package com.yuelv.platform.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the rate limit costs one request: the filter on an anonymous trip read from one of 10,000 client addresses,
 * with buckets in memory or in the machine's Redis, against the same filter switched off (the request and response
 * objects are built in both). Run with {@code bench/jmh.sh RateLimitBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(2)
public class RateLimitBenchmark {

	private static final FilterChain NOTHING = (request, response) -> {};

	@Param({ "local", "redis" })
	String buckets;

	private RateLimitFilter limited;
	private RateLimitFilter unlimited;
	private Buckets store;

	@Setup
	public void setUp() {
		var limit = new RateLimitSettings.Limit(1_000_000_000L, Duration.ofSeconds(1));
		var limits = new RateLimitSettings.ClassLimits(limit, limit);
		var settings = new RateLimitSettings(true, buckets.equals("redis"), "yuelv:bench:ratelimit:", List.of(),
				Map.of(RouteClass.AUTH, limits, RouteClass.BROWSE, limits, RouteClass.WRITE, limits,
						RouteClass.BOOKING, limits));
		var meters = new SimpleMeterRegistry();
		store = buckets.equals("redis") ? new RedisBuckets("redis://localhost:6379", settings.redisKeyPrefix(), meters)
				: new LocalBuckets();
		var json = JsonMapper.builder().build();
		limited = new RateLimitFilter(new RateLimits(settings), store, json, meters);
		var off = new RateLimits(settings);
		off.enable(false);
		unlimited = new RateLimitFilter(off, store, json, meters);
	}

	@TearDown
	public void tearDown() throws Exception {
		if (store instanceof RedisBuckets redis) {
			redis.destroy();
		}
	}

	private static MockHttpServletRequest tripRead() {
		var request = new MockHttpServletRequest("GET", "/api/v1/trips/2f1c0d6e-8a55-4d3b-9a43-3c2b1f0e9d7a");
		request.setServletPath(request.getRequestURI());
		request.setRemoteAddr("10.1." + ThreadLocalRandom.current().nextInt(40) + "."
				+ ThreadLocalRandom.current().nextInt(250));
		return request;
	}

	@Benchmark
	public MockHttpServletResponse withRateLimit() throws Exception {
		var response = new MockHttpServletResponse();
		limited.doFilter(tripRead(), response, NOTHING);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse withoutRateLimit() throws Exception {
		var response = new MockHttpServletResponse();
		unlimited.doFilter(tripRead(), response, NOTHING);
		return response;
	}
}
