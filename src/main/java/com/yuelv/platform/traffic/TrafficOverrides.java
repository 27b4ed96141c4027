package com.yuelv.platform.traffic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import com.yuelv.platform.ratelimit.RateLimitSettings.Limit;

/**
 * What operators have changed of a deployment's configured traffic settings, as one version of the configuration
 * centre holds it: rate limits by {@code <route class>.<audience>} key, and each protection switched on or off, or
 * {@code null} where the configuration stands.
 */
record TrafficOverrides(Map<String, Limit> limits, @Nullable Boolean rateLimits, @Nullable Boolean loadShedding) {

	static final TrafficOverrides NONE = new TrafficOverrides(Map.of(), null, null);

	TrafficOverrides {
		limits = Map.copyOf(limits);
	}

	TrafficOverrides withLimit(String key, Limit limit) {
		var changed = new TreeMap<>(limits);
		changed.put(key, limit);
		return new TrafficOverrides(changed, rateLimits, loadShedding);
	}

	TrafficOverrides withProtection(String protection, boolean enabled) {
		return switch (protection) {
			case TrafficSettings.RATE_LIMITS -> new TrafficOverrides(limits, enabled, loadShedding);
			case TrafficSettings.LOAD_SHEDDING -> new TrafficOverrides(limits, rateLimits, enabled);
			default -> throw new IllegalArgumentException("protection must be rate-limits or load-shedding, not "
					+ protection);
		};
	}

	/** As stored: {@code {"limits": {"auth.anonymous": {"capacity": 100, "period": "PT1M"}}, "rateLimits": false}}. */
	Map<String, Object> toMap() {
		var map = new LinkedHashMap<String, Object>();
		var stored = new TreeMap<String, Object>();
		limits.forEach((key, limit) -> stored.put(key, Map.of("capacity", limit.capacity(), "period",
				limit.period().toString())));
		map.put("limits", stored);
		if (rateLimits != null) {
			map.put("rateLimits", rateLimits);
		}
		if (loadShedding != null) {
			map.put("loadShedding", loadShedding);
		}
		return map;
	}

	@SuppressWarnings("unchecked")
	static TrafficOverrides fromMap(Map<String, Object> map) {
		var limits = new TreeMap<String, Limit>();
		((Map<String, Map<String, Object>>) map.getOrDefault("limits", Map.of())).forEach((key, limit) -> limits
			.put(key, new Limit(((Number) limit.get("capacity")).longValue(),
					Duration.parse((String) limit.get("period")))));
		return new TrafficOverrides(limits, (Boolean) map.get("rateLimits"), (Boolean) map.get("loadShedding"));
	}
}
