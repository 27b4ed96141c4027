package com.yuelv.platform.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import jakarta.servlet.http.HttpServletRequest;

import com.yuelv.shared.Rejection;

/**
 * The stable {@code type} URIs of every problem the API answers with. Clients may switch on them; they never change
 * meaning. A problem carries the id of the trace its request belongs to ({@code traceId}), and the request remembers
 * the problem's type, by which its metrics count errors.
 */
public final class ProblemTypes {

	public static final String BASE = Rejection.PROBLEM_TYPES;
	/** The request attribute that holds the type (its slug) of the problem a request was answered with. */
	static final String ANSWERED = ProblemTypes.class.getName() + ".answered";
	/** Where the tracer keeps the current trace id for the log lines of this thread. */
	private static final String TRACE_ID = "traceId";

	private ProblemTypes() {}

	public static URI of(String slug) {
		return URI.create(BASE + slug);
	}

	/** The type used when nothing more specific than the status is known. */
	public static String slugFor(HttpStatusCode status) {
		var resolved = HttpStatus.resolve(status.value());
		if (resolved == null) {
			return "http-" + status.value();
		}
		return switch (resolved) {
			case BAD_REQUEST -> "malformed-request";
			case UNAUTHORIZED -> "unauthenticated";
			case FORBIDDEN -> "forbidden";
			case NOT_FOUND -> "not-found";
			case METHOD_NOT_ALLOWED -> "method-not-allowed";
			case NOT_ACCEPTABLE -> "not-acceptable";
			case CONFLICT -> "conflict";
			case CONTENT_TOO_LARGE -> "payload-too-large";
			case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
			case TOO_MANY_REQUESTS -> "too-many-requests";
			case SERVICE_UNAVAILABLE -> "unavailable";
			default -> resolved.is5xxServerError() ? "internal" : "http-" + status.value();
		};
	}

	/**
	 * A problem of the given type, with the current trace's id; the request being answered, where this thread serves
	 * one, remembers the type.
	 */
	public static ProblemDetail problem(HttpStatusCode status, String slug, String detail) {
		var problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(of(slug));
		var traceId = MDC.get(TRACE_ID);
		if (traceId != null && !traceId.isBlank()) {
			problem.setProperty(TRACE_ID, traceId);
		}
		var request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(ANSWERED, slug, RequestAttributes.SCOPE_REQUEST);
		}
		return problem;
	}

	/** Remembers on the request the type of the problem it is answered with, where no request context is bound. */
	public static void answering(HttpServletRequest request, String slug) {
		request.setAttribute(ANSWERED, slug);
	}

	/** The type of the problem a request was answered with, or the one its status stands for. */
	public static String answered(HttpServletRequest request, int status) {
		return request.getAttribute(ANSWERED) instanceof String slug ? slug : slugFor(HttpStatusCode.valueOf(status));
	}

	/**
	 * The trace id of a W3C {@code traceparent} header ({@code 00-<trace id>-<parent id>-<flags>}), for answers given
	 * before this process traces a request; empty when the header is absent or malformed.
	 */
	public static @Nullable String traceIdOf(@Nullable String traceparent) {
		if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-'
				|| traceparent.charAt(35) != '-') {
			return null;
		}
		var id = traceparent.substring(3, 35);
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
				return null;
			}
		}
		return id.equals("00000000000000000000000000000000") ? null : id;
	}
}
