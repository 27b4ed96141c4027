package com.yuelv.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import com.yuelv.shared.TokenRevocations;
import com.yuelv.shared.TokenRevocations.Revocation;
import com.yuelv.shared.UserId;

/**
 * What the revocation check adds to every authenticated request: {@link RevokedTokens#validate} on a token that is not
 * revoked, with none, 10,000 and 100,000 revocations known (an hour of logouts at a large peak is well under the
 * last). Run with {@code bench/jmh.sh RevokedTokensBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RevokedTokensBenchmark {

	@Param({ "0", "10000", "100000" })
	int known;

	private RevokedTokens revoked;
	private Jwt token;

	@Setup
	public void setUp() {
		var now = Instant.now();
		var revocations = new ArrayList<Revocation>();
		for (var i = 0; i < known; i++) {
			revocations.add(i % 10 == 0 ? new Revocation(UserId.random(), null, 1, now)
					: new Revocation(UserId.random(), UUID.randomUUID(), 0, now));
		}
		TokenRevocations source = since -> List.copyOf(revocations);
		revoked = new RevokedTokens(source, Duration.ofHours(1), Clock.systemUTC());
		revoked.refresh();
		token = Jwt.withTokenValue("t").header("alg", "RS256").subject(UserId.random().toString())
				.claim(TokenRevocations.SESSION_CLAIM, UUID.randomUUID().toString())
				.claim(TokenRevocations.GENERATION_CLAIM, 0).build();
	}

	@Benchmark
	public OAuth2TokenValidatorResult validate() {
		return revoked.validate(token);
	}
}
