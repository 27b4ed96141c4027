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
 * ever made.
 */
@Component
class RefreshTokenPurge {

	private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenPurge.class);

	private final RefreshTokens refreshTokens;
	private final Clock clock;

	RefreshTokenPurge(RefreshTokens refreshTokens, Clock clock) {
		this.refreshTokens = refreshTokens;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "10m", fixedDelayString = "1h")
	@Transactional
	void purgeExpired() {
		var deleted = refreshTokens.deleteExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
		if (deleted > 0) {
			LOG.info("Deleted {} expired refresh tokens", deleted);
		}
	}
}
