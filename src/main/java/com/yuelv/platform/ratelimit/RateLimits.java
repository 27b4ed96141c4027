package com.yuelv.platform.ratelimit;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.yuelv.platform.ratelimit.RateLimitSettings.ClassLimits;
import com.yuelv.platform.ratelimit.RateLimitSettings.Limit;

/**
 * The rate limits in force: those configured at start, as changed since by operators. A changed limit takes effect
 * with the next request; each client then starts with a full bucket of the new size.
 */
public final class RateLimits {

	/** Whom a limit applies to. */
	public enum Audience {
		ANONYMOUS, AUTHENTICATED
	}

	private final AtomicReference<RateLimitSettings> current;
	private volatile boolean enabled;

	public RateLimits(RateLimitSettings configured) {
		this.current = new AtomicReference<>(configured);
		this.enabled = configured.enabled();
	}

	RateLimitSettings current() {
		return current.get();
	}

	public boolean enabled() {
		return enabled;
	}

	public void enable(boolean enabled) {
		this.enabled = enabled;
	}

	public Limit limit(RouteClass routeClass, Audience audience) {
		return current.get().limit(routeClass, audience == Audience.AUTHENTICATED);
	}

	/**
	 * Sets one limit and returns the one it replaced.
	 *
	 * @throws IllegalArgumentException naming what is wrong when the limit is not a valid one
	 */
	public Limit change(RouteClass routeClass, Audience audience, Limit limit) {
		limit.check("rate-limits.classes." + routeClass.key() + "." + audience.name().toLowerCase(java.util.Locale.ROOT));
		var before = current.getAndUpdate(settings -> {
			var classes = new EnumMap<RouteClass, ClassLimits>(settings.classes());
			var old = classes.get(routeClass);
			classes.put(routeClass, audience == Audience.AUTHENTICATED ? new ClassLimits(old.anonymous(), limit)
					: new ClassLimits(limit, old.authenticated()));
			return new RateLimitSettings(settings.enabled(), settings.redisEnabled(), settings.redisKeyPrefix(),
					settings.trustedProxies(), classes);
		});
		return before.limit(routeClass, audience == Audience.AUTHENTICATED);
	}

	/** Every limit in force, by route class and audience, for operators. */
	public Map<String, Object> describe() {
		var classes = new LinkedHashMap<String, Object>();
		for (var routeClass : RouteClass.values()) {
			var limits = new LinkedHashMap<String, Object>();
			for (var audience : Audience.values()) {
				var limit = limit(routeClass, audience);
				limits.put(audience.name().toLowerCase(java.util.Locale.ROOT),
						Map.of("capacity", limit.capacity(), "period", limit.period().toString()));
			}
			classes.put(routeClass.key(), limits);
		}
		var description = new LinkedHashMap<String, Object>();
		description.put("enabled", enabled);
		description.put("sharedInRedis", current.get().redisEnabled());
		description.put("classes", classes);
		return description;
	}
}
