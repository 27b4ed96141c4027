package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.TokenRevocations;
import com.yuelv.shared.TokenRevocations.Revocation;
import com.yuelv.shared.UserId;

/** Revocations as every replica applies them: by login, by generation, late ones, forgotten ones, a lost source. */
class RevokedTokensTests {

	private static final Instant NOW = Instant.parse("2027-05-01T09:00:00Z");

	private final List<Revocation> recorded = new ArrayList<>();
	private final AtomicReference<Instant> askedSince = new AtomicReference<>();
	private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
	private final TokenRevocations source = since -> {
		askedSince.set(since);
		if (failure.get() != null) {
			throw failure.get();
		}
		return recorded.stream().filter(it -> !it.recordedAt().isBefore(since)).toList();
	};

	private RevokedTokens revoked(Instant now) {
		return new RevokedTokens(source, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
	}

	private static Jwt token(UserId account, UUID session, int generation) {
		return Jwt.withTokenValue("t").header("alg", "RS256").subject(account.toString())
				.claim(TokenRevocations.SESSION_CLAIM, session.toString())
				.claim(TokenRevocations.GENERATION_CLAIM, generation).build();
	}

	@Test
	void aRevokedLoginsTokensAreRefusedAndOtherLoginsAreNot() {
		var account = UserId.random();
		var session = UUID.randomUUID();
		recorded.add(new Revocation(account, session, 0, NOW.minusSeconds(5)));
		var revoked = revoked(NOW);

		revoked.refresh();

		assertThat(revoked.validate(token(account, session, 0)).hasErrors()).isTrue();
		assertThat(revoked.validate(token(account, UUID.randomUUID(), 0)).hasErrors()).isFalse();
	}

	@Test
	void tokensBelowTheAccountsGenerationAreRefused() {
		var account = UserId.random();
		recorded.add(new Revocation(account, null, 2, NOW.minusSeconds(5)));
		recorded.add(new Revocation(account, null, 1, NOW.minusSeconds(4)));
		var revoked = revoked(NOW);

		revoked.refresh();

		assertThat(revoked.validate(token(account, UUID.randomUUID(), 1)).hasErrors()).isTrue();
		assertThat(revoked.validate(token(account, UUID.randomUUID(), 2)).hasErrors())
				.as("an older, lower revocation read later does not lower the bar").isFalse();
		assertThat(revoked.validate(token(UserId.random(), UUID.randomUUID(), 0)).hasErrors()).isFalse();
	}

	@Test
	void eachRefreshReachesBackBeforeTheNewestRevocationSoALateCommitIsNotMissed() {
		var revoked = revoked(NOW);
		recorded.add(new Revocation(UserId.random(), UUID.randomUUID(), 0, NOW.minusSeconds(2)));
		revoked.refresh();

		var late = new Revocation(UserId.random(), UUID.randomUUID(), 0, NOW.minusSeconds(3));
		recorded.add(late);
		revoked.refresh();

		assertThat(askedSince.get()).isEqualTo(NOW.minusSeconds(2).minus(RevokedTokens.OVERLAP));
		assertThat(revoked.validate(token(late.account(), late.session(), 0)).hasErrors()).isTrue();
	}

	@Test
	void revocationsOlderThanAnyLiveTokenAreForgotten() {
		recorded.add(new Revocation(UserId.random(), UUID.randomUUID(), 0, NOW.minus(Duration.ofMinutes(61))));
		recorded.add(new Revocation(UserId.random(), UUID.randomUUID(), 0, NOW.minus(Duration.ofMinutes(59))));
		var revoked = new RevokedTokens(source, Duration.ofHours(1), Clock.fixed(NOW.minus(Duration.ofHours(2)),
				ZoneOffset.UTC));
		revoked.refresh();
		assertThat(revoked.size()).isEqualTo(2);

		var later = new RevokedTokens(source, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
		later.refresh();

		assertThat(later.size()).isEqualTo(1);
	}

	@Test
	void whileTheSourceCannotBeReachedTheKnownRevocationsKeepApplying() {
		var account = UserId.random();
		var session = UUID.randomUUID();
		recorded.add(new Revocation(account, session, 0, NOW.minusSeconds(1)));
		var revoked = revoked(NOW);
		revoked.refresh();

		failure.set(Rejection.unavailable("dependency-unavailable", "identity is down", Duration.ofSeconds(1)));
		revoked.refresh();
		revoked.refresh();

		assertThat(revoked.validate(token(account, session, 0)).hasErrors()).isTrue();
	}

	@Test
	void tokensWithoutLoginOrGenerationPass() {
		recorded.add(new Revocation(UserId.random(), UUID.randomUUID(), 0, NOW));
		recorded.add(new Revocation(UserId.random(), null, 3, NOW));
		var revoked = revoked(NOW);
		revoked.refresh();

		var peer = Jwt.withTokenValue("t").header("alg", "RS256").subject("deployment:trips").build();

		assertThat(revoked.validate(peer).hasErrors()).isFalse();
	}
}
