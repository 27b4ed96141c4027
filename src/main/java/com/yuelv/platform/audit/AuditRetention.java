package com.yuelv.platform.audit;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes the audit entries older than {@code yuelv.audit.retention} every {@code yuelv.audit.prune-every},
 * recording each pruning in the chain. Replicas may run it at once: prunings take the trail's head in turn, and the
 * second finds nothing left.
 */
class AuditRetention {

	private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

	private final AuditLog log;
	private final Duration retention;
	private final Clock clock;

	AuditRetention(AuditLog log, Duration retention, Clock clock) {
		this.log = log;
		this.retention = retention;
		this.clock = clock;
	}

	/** Every {@link AuditSettings#pruneEvery()}, whose default the placeholders repeat. */
	@Scheduled(fixedDelayString = "${yuelv.audit.prune-every:1h}",
			initialDelayString = "${yuelv.audit.prune-every:1h}")
	void prune() {
		var pruned = log.prune(clock.instant().minus(retention));
		if (pruned > 0) {
			LOG.info("Audit entries older than {} deleted: {}", retention, pruned);
		}
	}
}
