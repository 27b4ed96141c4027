package com.yuelv.platform.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The stable {@code type} URIs of every problem the API answers with. Clients may switch on them; they never change
 * meaning.
 */
public final class ProblemTypes {

	public static final String BASE = "https://yuelv.app/problems/";

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

	public static ProblemDetail problem(HttpStatusCode status, String slug, String detail) {
		var problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(of(slug));
		return problem;
	}
}
