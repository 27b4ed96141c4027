package com.yuelv.platform.ratelimit;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The rate limit filter, placed into the security filter chain (not the servlet container's chain). */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RateLimitFilter rateLimitFilter(RateLimitSettings settings, JsonMapper json, MeterRegistry meters) {
		return new RateLimitFilter(settings, json, meters);
	}

	/** Keeps the servlet container from running the filter a second time, outside the security chain. */
	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilterRegistration(RateLimitFilter filter) {
		var registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}
}
