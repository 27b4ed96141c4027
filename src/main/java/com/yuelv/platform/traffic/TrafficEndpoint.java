package com.yuelv.platform.traffic;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
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
 * filled, the circuit breakers of its dependencies), the version of the deployment's traffic settings in force and
 * its latest versions. Operators change a rate limit with {@code POST /actuator/traffic/{routeClass}/{audience}} and a
 * body {@code {"capacity": "100", "period": "1m"}}, switch a protection off or on with
 * {@code POST /actuator/traffic/{rate-limits|load-shedding}} and {@code {"enabled": "false"}}, and roll back to an
 * earlier version with {@code POST /actuator/traffic/rollback} and {@code {"version": "7"}} (Actuator takes the values
 * of a body as strings). A change is a new version in the configuration centre ({@link TrafficSettings}): it takes
 * effect here at once, on the deployment's other replicas within seconds, outlives restarts and is audited with who,
 * what and when.
 */
@Endpoint(id = "traffic")
public class TrafficEndpoint {

	/** How many of the deployment's versions the endpoint shows; the store keeps them all. */
	static final int SHOWN_VERSIONS = 20;
	static final String ROLLBACK = "rollback";

	private final RateLimits rateLimits;
	private final LoadShedding shedding;
	private final CircuitBreakerRegistry breakers;
	private final BulkheadRegistry bulkheads;
	private final TrafficSettings settings;

	TrafficEndpoint(RateLimits rateLimits, LoadShedding shedding, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, TrafficSettings settings) {
		this.rateLimits = rateLimits;
		this.shedding = shedding;
		this.breakers = breakers;
		this.bulkheads = bulkheads;
		this.settings = settings;
	}

	@ReadOperation
	public Map<String, Object> traffic() {
		var traffic = new LinkedHashMap<String, Object>();
		traffic.put("rateLimits", rateLimits.describe());
		traffic.put("loadShedding", shedding.describe());
		traffic.put("dependencies", dependencies());
		traffic.put("version", settings.applied());
		traffic.put("recentChanges", settings.history(SHOWN_VERSIONS));
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
		try {
			return settings.changeLimit(target, who, new RateLimitSettings.Limit(capacity, refill), caller(security));
		}
		catch (IllegalArgumentException e) {
			throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
		}
	}

	/**
	 * Switches {@code rate-limits} or {@code load-shedding} off or on ({@code enabled}), or rolls the deployment's
	 * settings back to an earlier version ({@code rollback} and {@code version}).
	 */
	@WriteOperation
	public Map<String, Object> switchProtection(@Selector String protection, @Nullable Boolean enabled,
			@Nullable Long version, SecurityContext security) {
		try {
			if (protection.equals(ROLLBACK)) {
				if (version == null) {
					throw new IllegalArgumentException("version must name the version to roll back to");
				}
				return settings.rollBack(version, caller(security));
			}
			if (enabled == null) {
				throw new IllegalArgumentException("enabled must be true or false");
			}
			return settings.switchProtection(protection, enabled, caller(security));
		}
		catch (IllegalArgumentException e) {
			throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
		}
	}

	private static String caller(SecurityContext security) {
		return OperatorChanges.caller(security);
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
