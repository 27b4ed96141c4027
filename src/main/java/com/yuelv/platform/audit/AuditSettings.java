package com.yuelv.platform.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail's retention, under {@code yuelv.audit.*}.
 *
 * @param retention how long an entry is kept: China's Cybersecurity Law asks network logs to be kept at least six
 *        months; the default keeps a little over a year, so that a year's events can be compared
 * @param pruneEvery how often entries past their retention are deleted
 */
@ConfigurationProperties("yuelv.audit")
public record AuditSettings(@DefaultValue("400d") Duration retention, @DefaultValue("1h") Duration pruneEvery) {

	public AuditSettings {
		if (retention == null || retention.toDays() < 1) {
			throw new IllegalArgumentException("yuelv.audit.retention must be at least a day, not " + retention);
		}
		if (pruneEvery == null || pruneEvery.toMinutes() < 1 || pruneEvery.toDays() > 1) {
			throw new IllegalArgumentException("yuelv.audit.prune-every must be between 1m and 1d, not " + pruneEvery);
		}
	}
}
