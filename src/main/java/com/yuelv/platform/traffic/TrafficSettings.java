package com.yuelv.platform.traffic;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;

import com.yuelv.platform.OperatorChanges;
import com.yuelv.platform.overload.LoadShedding;
import com.yuelv.platform.ratelimit.RateLimitSettings;
import com.yuelv.platform.ratelimit.RateLimitSettings.Limit;
import com.yuelv.platform.ratelimit.RateLimits;
import com.yuelv.platform.ratelimit.RateLimits.Audience;
import com.yuelv.platform.ratelimit.RouteClass;
import com.yuelv.shared.AuditTrail;

/**
 * The configuration centre of the protections, kept to what the platform needs: a deployment's rate limits and
 * whether rate limiting and load shedding are on. A change is stored as a new version of the deployment's overrides
 * (what, who, when) in the database every shape shares, applied here at once, by every other replica of the
 * deployment when it next looks ({@code yuelv.traffic.follow-interval}) and by every start; a rollback stores an
 * earlier version's overrides as the newest. What no version overrides is the configuration's. Each change is also
 * recorded in the audit trail.
 */
class TrafficSettings implements SmartInitializingSingleton {

	static final String RATE_LIMITS = "rate-limits";
	static final String LOAD_SHEDDING = "load-shedding";

	private static final Logger LOG = LoggerFactory.getLogger(TrafficSettings.class);
	/** Changes made at once from the same version are made again from the newer one; this many times at most. */
	private static final int ATTEMPTS = 5;

	private final TrafficSettingsStore store;
	private final RateLimits rateLimits;
	private final LoadShedding shedding;
	private final RateLimitSettings configuredLimits;
	private final boolean configuredShedding;
	private final String deployment;
	private final Clock clock;
	private final AuditTrail audit;
	/** The version in force here; 0 for none. Guarded by {@code this}. */
	private long applied;

	TrafficSettings(TrafficSettingsStore store, RateLimits rateLimits, LoadShedding shedding,
			RateLimitSettings configuredLimits, boolean configuredShedding, String deployment, Clock clock,
			AuditTrail audit) {
		this.audit = audit;
		this.store = store;
		this.rateLimits = rateLimits;
		this.shedding = shedding;
		this.configuredLimits = configuredLimits;
		this.configuredShedding = configuredShedding;
		this.deployment = deployment;
		this.clock = clock;
	}

	/** At start, before serving: the latest version, if the store can be read; else the next look applies it. */
	@Override
	public void afterSingletonsInstantiated() {
		try {
			follow();
		}
		catch (RuntimeException e) {
			LOG.warn("The stored traffic settings cannot be read ({}); the configured ones apply until they can",
					e.getMessage());
		}
	}

	/**
	 * Applies the deployment's latest version if it is not the one in force; every
	 * {@link TrafficCentreSettings#followInterval()}, whose default the placeholder repeats.
	 */
	@Scheduled(initialDelayString = "${yuelv.traffic.follow-interval:2s}",
			fixedDelayString = "${yuelv.traffic.follow-interval:2s}")
	synchronized void follow() {
		if (store.latestNumber(deployment) != applied) {
			store.latest(deployment).ifPresent(this::apply);
		}
	}

	/** Sets a rate limit for the deployment; returns the change. */
	Map<String, Object> changeLimit(RouteClass routeClass, Audience audience, Limit limit, String who) {
		var key = key(routeClass, audience);
		limit.check("rate-limits.classes." + key);
		return change(overrides -> overrides.withLimit(key, limit), base -> {
			var change = new LinkedHashMap<String, Object>();
			change.put("rateLimit", key);
			change.put("from", describe(limitIn(base, routeClass, audience)));
			change.put("to", describe(limit));
			return change;
		}, who);
	}

	/** Switches {@value #RATE_LIMITS} or {@value #LOAD_SHEDDING} on or off for the deployment; returns the change. */
	Map<String, Object> switchProtection(String protection, boolean enabled, String who) {
		if (!protection.equals(RATE_LIMITS) && !protection.equals(LOAD_SHEDDING)) {
			throw new IllegalArgumentException("protection must be rate-limits or load-shedding, not " + protection);
		}
		return change(overrides -> overrides.withProtection(protection, enabled), base -> {
			var change = new LinkedHashMap<String, Object>();
			change.put("protection", protection);
			change.put("from", enabledIn(base, protection) ? "enabled" : "disabled");
			change.put("to", enabled ? "enabled" : "disabled");
			return change;
		}, who);
	}

	/**
	 * Makes an earlier version's overrides the newest, or with version 0 none (the configuration as deployed);
	 * returns the change.
	 */
	Map<String, Object> rollBack(long number, String who) {
		var target = number == 0 ? TrafficOverrides.NONE : store.find(deployment, number)
			.orElseThrow(() -> new IllegalArgumentException("version must be 0 or one of this deployment's versions, "
					+ "not " + number))
			.overrides();
		return change(overrides -> target, base -> new LinkedHashMap<>(Map.of("rollbackTo", number)), who);
	}

	/** The deployment's latest versions, newest first: number, who, when, what. */
	List<Map<String, Object>> history(int most) {
		return store.history(deployment, most).stream().map(version -> {
			var entry = new LinkedHashMap<String, Object>();
			entry.put("version", version.number());
			entry.put("who", version.who());
			entry.put("when", version.when().toString());
			entry.put("what", version.change());
			return (Map<String, Object>) entry;
		}).toList();
	}

	synchronized long applied() {
		return applied;
	}

	private synchronized Map<String, Object> change(UnaryOperator<TrafficOverrides> changing,
			java.util.function.Function<TrafficOverrides, Map<String, Object>> describing, String who) {
		for (int attempt = 1;; attempt++) {
			var latest = store.latest(deployment);
			var base = latest.map(TrafficSettingsStore.Version::overrides).orElse(TrafficOverrides.NONE);
			var change = describing.apply(base);
			long stored;
			try {
				stored = store.append(deployment, latest.map(TrafficSettingsStore.Version::number).orElse(0L),
						changing.apply(base), change, who, clock.instant());
			}
			catch (TrafficSettingsStore.ConcurrentChange e) {
				if (attempt == ATTEMPTS) {
					throw e;
				}
				continue;
			}
			// the newest, which is this change or one another replica stored since from it
			store.latest(deployment).ifPresent(this::apply);
			change.put("version", stored);
			audit.record("traffic-settings-changed", OperatorChanges.actor(who), "deployment:" + deployment, change);
			return change;
		}
	}

	private void apply(TrafficSettingsStore.Version version) {
		var overrides = version.overrides();
		for (var routeClass : RouteClass.values()) {
			for (var audience : Audience.values()) {
				var limit = limitIn(overrides, routeClass, audience);
				if (!limit.equals(rateLimits.limit(routeClass, audience))) {
					rateLimits.change(routeClass, audience, limit);
				}
			}
		}
		rateLimits.enable(enabledIn(overrides, RATE_LIMITS));
		shedding.enable(enabledIn(overrides, LOAD_SHEDDING));
		applied = version.number();
		LOG.info("Traffic settings of {}: version {} in force", deployment, applied);
	}

	private Limit limitIn(TrafficOverrides overrides, RouteClass routeClass, Audience audience) {
		var stored = overrides.limits().get(key(routeClass, audience));
		return stored != null ? stored : configuredLimits.limit(routeClass, audience == Audience.AUTHENTICATED);
	}

	private boolean enabledIn(TrafficOverrides overrides, String protection) {
		var stored = protection.equals(RATE_LIMITS) ? overrides.rateLimits() : overrides.loadShedding();
		return stored != null ? stored : protection.equals(RATE_LIMITS) ? configuredLimits.enabled()
				: configuredShedding;
	}

	/** A limit's key in the overrides: {@code browse.anonymous}, ... */
	private static String key(RouteClass routeClass, Audience audience) {
		return routeClass.key() + "." + audience.name().toLowerCase(Locale.ROOT);
	}

	private static String describe(Limit limit) {
		return limit.capacity() + " per " + limit.period();
	}
}
