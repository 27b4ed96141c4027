package com.yuelv.platform.privacy;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A person's archive and erasure, under {@code yuelv.privacy.*}.
 *
 * @param modules the modules that keep personal data, each asked for its part of an archive
 * @param erasureModules the modules that keep personal data or copies of it (a timeline, a read model), each asked to
 * erase a person whose account closed
 * @param erasureInterval how often the erasures under way are advanced
 * @param erasureSettle how long after the first pass every module is asked again, for what was in flight when the
 * account closed: longer than an access token's revocation takes to reach every replica and than an event's delivery
 */
@ConfigurationProperties("yuelv.privacy")
public record PrivacySettings(
		@DefaultValue({ "identity", "social", "content", "media", "trip", "booking", "payment", "notification" })
		List<String> modules,
		@DefaultValue({ "identity", "social", "content", "media", "trip", "booking", "payment", "notification",
				"feed" }) List<String> erasureModules,
		@DefaultValue("5s") Duration erasureInterval,
		@DefaultValue("30s") Duration erasureSettle) {

	public PrivacySettings {
		if (modules == null || modules.isEmpty()) {
			throw new IllegalArgumentException("yuelv.privacy.modules must name the modules that keep personal data");
		}
		if (erasureModules == null || !erasureModules.containsAll(modules)) {
			throw new IllegalArgumentException(
					"yuelv.privacy.erasure-modules must name at least the modules of yuelv.privacy.modules");
		}
		if (erasureInterval.isNegative() || erasureInterval.isZero() || erasureSettle.isNegative()) {
			throw new IllegalArgumentException(
					"yuelv.privacy.erasure-interval must be positive and yuelv.privacy.erasure-settle not negative");
		}
		modules = List.copyOf(modules);
		erasureModules = List.copyOf(erasureModules);
	}
}
