package com.yuelv.platform.deployment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.yuelv.shared.AuditTrail;

/**
 * Audits what a deployment refuses its peers, once a minute per replica for each kind of refusal, so that a peer
 * refused on every call does not flood the trail. A refusal that cannot be recorded (the trail's store out of reach)
 * still stands: it is logged, and the next one of its kind tries again.
 */
final class RefusalAudit {

	private static final Logger LOG = LoggerFactory.getLogger(RefusalAudit.class);
	private static final Duration EVERY = Duration.ofMinutes(1);

	private final AuditTrail audit;
	private final Clock clock;
	private final Cache<String, Instant> recorded = Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(EVERY)
		.build();

	RefusalAudit(AuditTrail audit, Clock clock) {
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * @param kind what makes two refusals the same, such as the deployment and the scope refused
	 */
	void record(String kind, String action, String actor, Map<String, ?> details) {
		var marker = action + " " + kind;
		if (recorded.getIfPresent(marker) != null) {
			return;
		}
		try {
			audit.record(action, actor, null, details);
			recorded.put(marker, clock.instant());
		}
		catch (RuntimeException unrecorded) {
			LOG.warn("A refusal ({}, {}) could not be audited: {}", action, kind, unrecorded.getMessage());
		}
	}
}
