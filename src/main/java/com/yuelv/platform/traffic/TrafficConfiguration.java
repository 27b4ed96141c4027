package com.yuelv.platform.traffic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.yuelv.platform.overload.LoadShedding;
import com.yuelv.platform.ratelimit.RateLimits;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/** The operators' view of traffic control, with the audit trail of its changes. */
@Configuration(proxyBeanMethods = false)
class TrafficConfiguration {

	@Bean
	TrafficEndpoint trafficEndpoint(RateLimits rateLimits, LoadShedding shedding, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads) {
		return new TrafficEndpoint(rateLimits, shedding, breakers, bulkheads);
	}
}
