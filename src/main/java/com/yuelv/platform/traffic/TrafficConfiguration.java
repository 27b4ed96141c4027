package com.yuelv.platform.traffic;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.platform.overload.LoadShedding;
import com.yuelv.platform.overload.OverloadSettings;
import com.yuelv.platform.ratelimit.RateLimitSettings;
import com.yuelv.platform.ratelimit.RateLimits;
import com.yuelv.shared.AuditTrail;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The operators' view of traffic control, and the configuration centre that keeps its changes. */
@Configuration(proxyBeanMethods = false)
class TrafficConfiguration {

	@Bean
	TrafficSettings trafficSettings(JdbcClient jdbc, JsonMapper json, RateLimits rateLimits, LoadShedding shedding,
			RateLimitSettings configuredLimits, OverloadSettings overload,
			@Value("${yuelv.split.deployment:yuelv}") String deployment, AuditTrail audit) {
		return new TrafficSettings(new TrafficSettingsStore(jdbc, json), rateLimits, shedding, configuredLimits,
				overload.enabled(), deployment, Clock.systemUTC(), audit);
	}

	@Bean
	TrafficEndpoint trafficEndpoint(RateLimits rateLimits, LoadShedding shedding, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, TrafficSettings settings) {
		return new TrafficEndpoint(rateLimits, shedding, breakers, bulkheads, settings);
	}
}
