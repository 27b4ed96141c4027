package com.yuelv.platform.traffic;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

import com.yuelv.platform.OperatorChanges;
import com.yuelv.platform.overload.LoadShedding;
import com.yuelv.platform.ratelimit.RateLimitSettings;
import com.yuelv.platform.ratelimit.RateLimits;
import com.yuelv.platform.ratelimit.RouteClass;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * {@code /actuator/traffic}: what protects this instance now (rate limits, the concurrency limit and how it is
 * filled, the circuit breakers of its dependencies) and the latest changes to it. Operators change a rate limit with
 * {@code POST /actuator/traffic/{routeClass}/{audience}} and a body {@code {"capacity": "100", "period": "1m"}},
 * and switch a protection off or on with {@code POST /actuator/traffic/{rate-limits|load-shedding}} and
 * {@code {"enabled": "false"}} (Actuator takes the values of a body as strings). A change takes effect at once, lasts until the instance restarts (the configuration is
 * the lasting place) and is audited: who, what, when, in this endpoint's latest changes and the log
 * {@code com.yuelv.audit}. Changes are kept apart from Spring Boot's audit events, which sign-ins would crowd out.
 */
@Endpoint(id = "traffic")
public class TrafficEndpoint {

	/** How many changes this instance remembers; the log keeps them all. */
	static final int KEPT_CHANGES = 100;

	private final RateLimits rateLimits;
	private final LoadShedding shedding;
	private final CircuitBreakerRegistry breakers;
	private final BulkheadRegistry bulkheads;
	private final OperatorChanges changes = new OperatorChanges("Traffic control", KEPT_CHANGES, Clock.systemUTC());

	TrafficEndpoint(RateLimits rateLimits, LoadShedding shedding, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads) {
		this.rateLimits = rateLimits;
		this.shedding = shedding;
		this.breakers = breakers;
		this.bulkheads = bulkheads;
	}

	@ReadOperation
	public Map<String, Object> traffic() {
		var traffic = new LinkedHashMap<String, Object>();
		traffic.put("rateLimits", rateLimits.describe());
		traffic.put("loadShedding", shedding.describe());
		traffic.put("dependencies", dependencies());
		traffic.put("recentChanges", changes.latest());
		return traffic;
	}

	/** Sets the rate limit of a route class ({@code auth}, ...) for an audience ({@code anonymous, authenticated}). */
	@WriteOperation
	public Map<String, Object> changeLimit(@Selector String routeClass, @Selector String audience, long capacity,
			String period, SecurityContext security) {
		var target = RouteClass.ofKey(routeClass);
		if (target == null) {
			throw new InvalidEndpointRequestException("Unknown route class " + routeClass,
					"routeClass must be one of auth, browse, write, booking, not " + routeClass);
		}
		RateLimits.Audience who;
		try {
			who = RateLimits.Audience.valueOf(audience.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new InvalidEndpointRequestException("Unknown audience " + audience,
					"audience must be anonymous or authenticated, not " + audience);
		}
		Duration refill;
		try {
			refill = DurationStyle.detectAndParse(period);
		}
		catch (IllegalArgumentException | ArithmeticException e) {
			throw new InvalidEndpointRequestException("Bad period " + period,
					"period must be a duration such as 1m or PT30S, not " + period);
		}
		RateLimitSettings.Limit before;
		var limit = new RateLimitSettings.Limit(capacity, refill);
		try {
			before = rateLimits.change(target, who, limit);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
		}
		var change = new LinkedHashMap<String, Object>();
		change.put("rateLimit", routeClass + "." + who.name().toLowerCase(Locale.ROOT));
		change.put("from", describe(before));
		change.put("to", describe(limit));
		audited(security, change);
		return change;
	}

	/** Switches {@code rate-limits} or {@code load-shedding} off or on. */
	@WriteOperation
	public Map<String, Object> switchProtection(@Selector String protection, boolean enabled,
			SecurityContext security) {
		boolean before;
		switch (protection) {
			case "rate-limits" -> {
				before = rateLimits.enabled();
				rateLimits.enable(enabled);
			}
			case "load-shedding" -> {
				before = shedding.enabled();
				shedding.enable(enabled);
			}
			default -> throw new InvalidEndpointRequestException("Unknown protection " + protection,
					"protection must be rate-limits or load-shedding, not " + protection);
		}
		var change = new LinkedHashMap<String, Object>();
		change.put("protection", protection);
		change.put("from", before ? "enabled" : "disabled");
		change.put("to", enabled ? "enabled" : "disabled");
		audited(security, change);
		return change;
	}

	private void audited(SecurityContext security, Map<String, Object> change) {
		changes.record(security, change);
	}

	private static String describe(RateLimitSettings.Limit limit) {
		return limit.capacity() + " per " + limit.period();
	}

	private Map<String, Object> dependencies() {
		var description = new LinkedHashMap<String, Object>();
		breakers.getAllCircuitBreakers().stream().sorted(Comparator.comparing(CircuitBreaker::getName))
				.forEach(breaker -> {
					var metrics = breaker.getMetrics();
					var state = new LinkedHashMap<String, Object>();
					state.put("circuit", breaker.getState().name());
					state.put("failureRatePercent", metrics.getFailureRate());
					state.put("slowCallRatePercent", metrics.getSlowCallRate());
					state.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
					state.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
					bulkheads.find(breaker.getName()).ifPresent(bulkhead -> state.put("bulkheadFreeCalls",
							bulkhead.getMetrics().getAvailableConcurrentCalls()));
					description.put(breaker.getName(), state);
				});
		return description;
	}
}
