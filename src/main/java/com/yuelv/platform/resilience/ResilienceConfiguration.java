package com.yuelv.platform.resilience;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** Guards for the dependencies of every module, and their metrics. */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
		var registry = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return registry;
	}

	@Bean
	BulkheadRegistry bulkheadRegistry(MeterRegistry meters) {
		var registry = BulkheadRegistry.ofDefaults();
		TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
		return registry;
	}

	@Bean
	GuardedDependencies dependencies(ResilienceSettings settings, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, MeterRegistry meters) {
		return new GuardedDependencies(settings, breakers, bulkheads, meters);
	}
}
