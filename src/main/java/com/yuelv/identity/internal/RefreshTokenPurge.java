package com.yuelv.identity.internal;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes refresh tokens a day after they expired, so that the table holds live sessions rather than every refresh
 * ever made, revocations of access tokens once every token they stop has expired, and the authorization server's
 * authorizations once their session can no longer be refreshed (or, for a code never traded, a day after it expired).
 */
@Component
class RefreshTokenPurge {

	private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenPurge.class);

	private final RefreshTokens refreshTokens;
	private final RevocationLog revocations;
	private final IdentitySettings settings;
	private final Clock clock;
	private final AuthorizationStore authorizations;

	RefreshTokenPurge(RefreshTokens refreshTokens, RevocationLog revocations, IdentitySettings settings, Clock clock,
			AuthorizationStore authorizations) {
		this.authorizations = authorizations;
		this.refreshTokens = refreshTokens;
		this.revocations = revocations;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "10m", fixedDelayString = "1h")
	@Transactional
	void purgeExpired() {
		var deleted = refreshTokens.deleteExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
		if (deleted > 0) {
			LOG.info("Deleted {} expired refresh tokens", deleted);
		}
		var now = clock.instant();
		var ended = authorizations.purgeEnded(now.minus(settings.refreshTokenTtl()), now.minus(Duration.ofDays(1)));
		if (ended > 0) {
			LOG.info("Deleted {} ended authorizations", ended);
		}
		// a revocation matters while a token it stops can still be alive: an access token's lifetime and the skew
		revocations.purgeRecordedBefore(clock.instant().minus(settings.accessTokenTtl()).minus(Duration.ofMinutes(5)));
	}
}
