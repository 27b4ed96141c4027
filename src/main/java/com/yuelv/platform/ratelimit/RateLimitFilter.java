package com.yuelv.platform.ratelimit;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import com.yuelv.platform.web.ProblemTypes;
import com.yuelv.platform.web.RequestPaths;
import com.yuelv.shared.ClientAddress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits each API request by its route class and its client: the account for a request with a valid access token,
 * the client address otherwise. Runs in the security filter chain right after the bearer token was checked, before
 * any controller or database work; a request whose token failed that check is counted by
 * {@link #countingFailures}. Every limited request carries the IETF draft headers {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the bucket is full again); a refused one is a
 * 429 problem with {@code Retry-After} (seconds until the next request is admitted). It also records the client's
 * address in the request attribute {@link ClientAddress#ATTRIBUTE}, for modules that need it.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

	/** The headers this filter writes on each request it limits: they tell of that request's bucket alone. */
	public static final List<String> HEADERS = List.of("RateLimit-Limit", "RateLimit-Remaining",
			"RateLimit-Reset", "Retry-After");

	private final RateLimits limits;
	private final ClientKeys clientKeys;
	private final Buckets buckets;
	private final JsonMapper json;
	private final Map<RouteClass, Counter> admitted = new EnumMap<>(RouteClass.class);
	private final Map<RouteClass, Counter> limited = new EnumMap<>(RouteClass.class);

	RateLimitFilter(RateLimits limits, Buckets buckets, JsonMapper json, MeterRegistry meters) {
		this.limits = limits;
		this.buckets = buckets;
		this.clientKeys = new ClientKeys(limits.current().trustedProxies());
		this.json = json;
		for (var routeClass : RouteClass.values()) {
			admitted.put(routeClass, counter(meters, routeClass, "admitted"));
			limited.put(routeClass, counter(meters, routeClass, "limited"));
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		var account = authentication instanceof JwtAuthenticationToken token ? token.getName() : null;
		if (admits(request, response, account)) {
			chain.doFilter(request, response);
		}
	}

	/**
	 * Limits a request that carries no credentials and is answered before the security chain (a public read a
	 * replica kept): as the chain would, against its client's address, with the same headers. True if it was
	 * admitted; false if a 429 was written instead.
	 */
	public boolean admitsAnonymous(HttpServletRequest request, HttpServletResponse response) throws IOException {
		return admits(request, response, null);
	}

	/** Takes the request's token, by its account if it has one; true if admitted, false if a 429 was written. */
	private boolean admits(HttpServletRequest request, HttpServletResponse response, @Nullable String account)
			throws IOException {
		var routeClass = routeClass(request);
		if (routeClass == null) {
			// not API (health, metrics, documentation): not limited
			return true;
		}
		var address = client(request);
		request.setAttribute(ClientAddress.ATTRIBUTE, new ClientAddress(address));
		return !limits.enabled() || take(routeClass, response, address, account);
	}

	/**
	 * The answer to a request whose bearer token failed (malformed, forged, expired), which the chain stops before this
	 * filter: the request is counted against its client's address like an anonymous one, and gets {@code answer}'s
	 * 401 while the address's bucket admits it, a 429 once it is empty. Without it, requests with bad tokens would be
	 * the one kind that no limit counts.
	 */
	public AuthenticationEntryPoint countingFailures(AuthenticationEntryPoint answer) {
		return (request, response, failure) -> {
			var routeClass = routeClass(request);
			if (!limits.enabled() || routeClass == null || take(routeClass, response, client(request), null)) {
				answer.commence(request, response, failure);
			}
		};
	}

	private static @Nullable RouteClass routeClass(HttpServletRequest request) {
		return RouteClass.of(request.getMethod(), RequestPaths.of(request));
	}

	/** What the request's client is counted by (an IPv6 client by its /64). */
	private String client(HttpServletRequest request) {
		return ClientKeys.counted(clientKeys.clientAddress(request));
	}

	/** Takes a token from the request's bucket; true if it was admitted, false if a 429 was written instead. */
	private boolean take(RouteClass routeClass, HttpServletResponse response, String address,
			@Nullable String account) throws IOException {
		var limit = limits.current().limit(routeClass, account != null);
		var key = routeClass.key() + ":" + (account != null ? "account:" + account
				: "address:" + address);
		var probe = buckets.take(key, limit);

		response.setHeader("RateLimit-Limit", Long.toString(limit.capacity()));
		response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
		response.setHeader("RateLimit-Reset", Long.toString(seconds(probe.getNanosToWaitForReset())));
		if (probe.isConsumed()) {
			admitted.get(routeClass).increment();
			return true;
		}
		limited.get(routeClass).increment();
		response.setHeader("Retry-After", Long.toString(Math.max(1, seconds(probe.getNanosToWaitForRefill()))));
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
				"Too many %s requests; retry after the time in Retry-After.".formatted(routeClass.key())));
		return false;
	}

	private static Counter counter(MeterRegistry meters, RouteClass routeClass, String outcome) {
		return Counter.builder("yuelv.ratelimit.requests").tag("class", routeClass.key()).tag("outcome", outcome)
				.description("API requests by route class, admitted or refused by the rate limits")
				.register(meters);
	}

	private static long seconds(long nanos) {
		return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
	}
}
