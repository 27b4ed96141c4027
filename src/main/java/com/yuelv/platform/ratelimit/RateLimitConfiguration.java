package com.yuelv.platform.ratelimit;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The rate limit filter, placed into the security filter chain (not the servlet container's chain). */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RateLimits rateLimits(RateLimitSettings settings) {
		return new RateLimits(settings);
	}

	@Bean
	RateLimitFilter rateLimitFilter(RateLimits limits, Buckets buckets, JsonMapper json, MeterRegistry meters) {
		return new RateLimitFilter(limits, buckets, json, meters);
	}

	/** In Redis when {@code yuelv.rate-limits.redis-enabled} (the redis profile), in memory otherwise. */
	@Bean
	Buckets rateLimitBuckets(RateLimitSettings settings, Environment environment, MeterRegistry meters) {
		if (!settings.redisEnabled()) {
			return new LocalBuckets();
		}
		return new RedisBuckets(environment.getProperty("spring.data.redis.url", "redis://localhost:6379"),
				settings.redisKeyPrefix(), meters);
	}

	/**
	 * The API's requests meet the filter inside the security chain, after their token was checked; the servlet
	 * container runs it only for the authorization server's paths, whose chains are identity's, just before security:
	 * their requests are anonymous there and limited by client address, which the login page's throttle then counts
	 * by.
	 */
	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilterRegistration(RateLimitFilter filter) {
		var registration = new FilterRegistrationBean<>(filter);
		registration.setUrlPatterns(RouteClass.AUTHORIZATION_SERVER);
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}
}
