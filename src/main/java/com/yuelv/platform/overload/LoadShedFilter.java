package com.yuelv.platform.overload;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import com.yuelv.platform.web.ProblemTypes;
import com.yuelv.platform.web.RequestPaths;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first filter an API request meets: under overload it refuses the request with a 503 problem and
 * {@code Retry-After} before authentication, rate limits or any database work, at the cost of a comparison, judging
 * by how long the request queued for a thread before it got here ({@link Arrivals}) and by the room under the
 * concurrency limit; otherwise it admits it and times it, which is what the concurrency limit learns from (answers
 * below 400 only). It sees every request; health probes and other non-API paths are never shed.
 */
public final class LoadShedFilter extends OncePerRequestFilter {

	private final LoadShedding shedding;
	private final String retryAfter;
	private final Map<Priority, byte[]> refusals = new EnumMap<>(Priority.class);
	private final JsonMapper json;

	LoadShedFilter(LoadShedding shedding, JsonMapper json) {
		this.shedding = shedding;
		this.json = json;
		this.retryAfter = Long.toString(shedding.settings().retryAfter().toSeconds());
		for (var priority : Priority.values()) {
			refusals.put(priority, json.writeValueAsBytes(refusal(priority)));
		}
	}

	private static ProblemDetail refusal(Priority priority) {
		return ProblemTypes.problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
				"The service is overloaded and sheds %s requests for now; retry after the time in Retry-After."
						.formatted(priority.key()));
	}

	/**
	 * The refusal's body: a request is shed before this process traces it, so its problem names the trace of the
	 * caller that sent a {@code traceparent} (the edge or another deployment), and no trace otherwise.
	 */
	private byte[] refusalBody(HttpServletRequest request, Priority priority) {
		var traceId = ProblemTypes.traceIdOf(request.getHeader("traceparent"));
		if (traceId == null) {
			return refusals.get(priority);
		}
		var problem = refusal(priority);
		problem.setProperty("traceId", traceId);
		return json.writeValueAsBytes(problem);
	}

	LoadShedding shedding() {
		return shedding;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long now = shedding.nanoTime();
		// taken for every request, so that one pipelined behind another does not inherit its arrival
		long queued = Arrivals.waitedNanos(now);
		var path = RequestPaths.of(request);
		var priority = shedding.enabled() ? Priority.of(request.getMethod(), path) : null;
		if (priority == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!shedding.admit(priority, queued, now)) {
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader("Retry-After", retryAfter);
			// answered before the CORS rules: a refusal that tells nothing may be read by a page of any origin, which
			// then waits as told instead of seeing a failed call
			response.setHeader("Access-Control-Allow-Origin", "*");
			response.setHeader("Access-Control-Expose-Headers", "Retry-After");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			ProblemTypes.answering(request, "overloaded");
			var body = refusalBody(request, priority);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			return;
		}
		long start = shedding.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			// only answers that did the request's work teach the limit anything: refusals (401, 404, 429, ...) and
			// failures are quick for reasons of their own, and a path that matched nothing gets no route
			var learn = response.getStatus() < 400;
			shedding.done(priority, learn ? shedding.route(request.getMethod(), path) : -1, start);
		}
	}
}
