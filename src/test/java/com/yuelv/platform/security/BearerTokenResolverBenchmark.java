package com.yuelv.platform.security;

import java.util.Base64;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finding the access token in a request's {@code Authorization} header: Spring Security's default resolver (a
 * regular expression) against {@link AuthorizationBearerTokens}, on a header as long as the application's access
 * tokens (an RS256 JWT of some 800 characters). Run with {@code bench/jmh.sh BearerTokenResolverBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class BearerTokenResolverBenchmark {

	@Param({ "default", "loop" })
	String resolver;

	private BearerTokenResolver tokens;
	private MockHttpServletRequest request;

	@Setup
	public void setUp() {
		tokens = resolver.equals("default") ? new DefaultBearerTokenResolver() : new AuthorizationBearerTokens();
		var random = new SplittableRandom(7);
		var encoder = Base64.getUrlEncoder().withoutPadding();
		var token = encoder.encodeToString(bytes(random, 27)) + "." + encoder.encodeToString(bytes(random, 310)) + "."
				+ encoder.encodeToString(bytes(random, 256));
		request = new MockHttpServletRequest("GET", "/api/v1/me/join-requests");
		request.addHeader("Authorization", "Bearer " + token);
	}

	private static byte[] bytes(SplittableRandom random, int length) {
		var bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	@Benchmark
	public String resolve() {
		return tokens.resolve(request);
	}
}
