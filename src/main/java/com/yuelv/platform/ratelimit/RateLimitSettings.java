package com.yuelv.platform.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits, under {@code yuelv.rate-limits.*}. A malformed value fails the start with a message naming its key.
 *
 * @param enabled whether requests are limited at all
 * @param redisEnabled whether the buckets live in Redis ({@code spring.data.redis.url}), shared by the replicas
 * @param redisKeyPrefix prefix of the Redis keys of the buckets
 * @param trustedProxies addresses or CIDR ranges of the proxies in front of the application; only a request that
 *     comes from one of them may name the client in {@code X-Forwarded-For}
 * @param classes the limits of each route class: {@code auth}, {@code browse}, {@code write}, {@code booking}
 */
@ConfigurationProperties("yuelv.rate-limits")
public record RateLimitSettings(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("false") boolean redisEnabled,
		@DefaultValue("yuelv:ratelimit:") String redisKeyPrefix,
		@DefaultValue List<String> trustedProxies,
		Map<RouteClass, ClassLimits> classes) {

	public RateLimitSettings {
		classes = classes == null ? Map.of() : Map.copyOf(classes);
		for (var routeClass : RouteClass.values()) {
			var limits = classes.get(routeClass);
			var key = "yuelv.rate-limits.classes." + routeClass.key();
			if (limits == null) {
				throw new IllegalArgumentException(key + " is missing: every route class needs limits");
			}
			limits.check(key);
		}
		for (int i = 0; i < trustedProxies.size(); i++) {
			AddressRange.parse("yuelv.rate-limits.trusted-proxies[" + i + "]", trustedProxies.get(i));
		}
	}

	/**
	 * @param anonymous per client address, for requests without a valid access token
	 * @param authenticated per account
	 */
	public record ClassLimits(Limit anonymous, Limit authenticated) {

		public void check(String key) {
			if (anonymous == null || authenticated == null) {
				throw new IllegalArgumentException(key + " needs both anonymous and authenticated limits");
			}
			anonymous.check(key + ".anonymous");
			authenticated.check(key + ".authenticated");
		}
	}

	/**
	 * A token bucket: {@code capacity} requests at once, refilled evenly to {@code capacity} over {@code period}.
	 */
	public record Limit(long capacity, Duration period) {

		public void check(String key) {
			if (capacity < 1) {
				throw new IllegalArgumentException(key + ".capacity must be at least 1, not " + capacity);
			}
			if (period == null || period.compareTo(Duration.ofMillis(1)) < 0) {
				throw new IllegalArgumentException(key + ".period must be at least 1ms");
			}
			if (period.compareTo(Duration.ofDays(366)) > 0) {
				throw new IllegalArgumentException(key + ".period must be at most a year, not " + period);
			}
			if (capacity > period.toNanos()) {
				// the buckets refill at most one request per nanosecond
				throw new IllegalArgumentException(key + ".capacity must not exceed the period in nanoseconds ("
						+ period.toNanos() + "), not " + capacity);
			}
		}
	}

	public Limit limit(RouteClass routeClass, boolean authenticated) {
		var limits = classes.get(routeClass);
		return authenticated ? limits.authenticated() : limits.anonymous();
	}
}
