package com.yuelv.platform.traffic;

import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.yuelv.platform.overload.LoadShedding;
import com.yuelv.platform.ratelimit.RateLimits;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/** The operators' view of traffic control, and the audit trail of its changes. */
@Configuration(proxyBeanMethods = false)
class TrafficConfiguration {

	/** The latest thousand audit events of this instance; the log {@code com.yuelv.audit} keeps them all. */
	@Bean
	AuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository(1000);
	}

	@Bean
	TrafficEndpoint trafficEndpoint(RateLimits rateLimits, LoadShedding shedding, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, AuditEventRepository audit) {
		return new TrafficEndpoint(rateLimits, shedding, breakers, bulkheads, audit);
	}
}
