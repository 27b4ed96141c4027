package com.yuelv.shared;

import java.util.List;

/**
 * A request refused by the domain, with the reason spelled out for the caller. Modules throw it without knowing how it
 * is rendered; the platform turns it into an RFC 9457 problem whose {@code type} ends in {@link #problemType()}.
 */
public class Rejection extends RuntimeException {

	/** What every problem type of the API begins with; the slug follows. */
	public static final String PROBLEM_TYPES = "https://yuelv.app/problems/";

	/** What kind of refusal this is; decides the status code. */
	public enum Kind {
		/** The request itself is wrong (400). */
		INVALID,
		/** The caller could not be authenticated (401). */
		UNAUTHENTICATED,
		/** The caller is known but may not do this (403). */
		FORBIDDEN,
		/** The target does not exist, or is not visible to the caller (404). */
		NOT_FOUND,
		/** The request clashes with the current state (409). */
		CONFLICT,
		/** A condition the caller set on the request (such as {@code If-Match}) does not hold (412). */
		PRECONDITION_FAILED,
		/** Too many attempts; the caller may try again after {@link Rejection#retryAfter()} (429). */
		THROTTLED,
		/** Something the answer depends on cannot be reached now; retry after {@link Rejection#retryAfter()} (503). */
		UNAVAILABLE
	}

	/** One field of the request and the rule it broke. */
	public record Violation(String field, String rule, String message) {}

	private final Kind kind;
	private final String problemType;
	private final List<Violation> violations;
	private final java.time.@org.jspecify.annotations.Nullable Duration retryAfter;

	public Rejection(Kind kind, String problemType, String detail, List<Violation> violations) {
		this(kind, problemType, detail, violations, null);
	}

	private Rejection(Kind kind, String problemType, String detail, List<Violation> violations,
			java.time.@org.jspecify.annotations.Nullable Duration retryAfter) {
		super(detail);
		this.kind = kind;
		this.problemType = problemType;
		this.violations = List.copyOf(violations);
		this.retryAfter = retryAfter;
	}

	/** Too many attempts: a 429 telling when the caller may try again. */
	public static Rejection throttled(String problemType, String detail, java.time.Duration retryAfter) {
		return new Rejection(Kind.THROTTLED, problemType, detail, List.of(), retryAfter);
	}

	/** A dependency of the answer is down and there is no degraded answer: a 503 telling when to try again. */
	public static Rejection unavailable(String problemType, String detail, java.time.Duration retryAfter) {
		return new Rejection(Kind.UNAVAILABLE, problemType, detail, List.of(), retryAfter);
	}

	/** A single field broke a rule: a 400 that names the field and the rule. */
	public static Rejection invalid(String field, String rule, String message) {
		return new Rejection(Kind.INVALID, "invalid-input", field + ": " + message,
				List.of(new Violation(field, rule, message)));
	}

	public static Rejection notFound(String problemType, String detail) {
		return new Rejection(Kind.NOT_FOUND, problemType, detail, List.of());
	}

	public static Rejection preconditionFailed(String problemType, String detail) {
		return new Rejection(Kind.PRECONDITION_FAILED, problemType, detail, List.of());
	}

	public static Rejection conflict(String problemType, String detail) {
		return new Rejection(Kind.CONFLICT, problemType, detail, List.of());
	}

	public static Rejection forbidden(String problemType, String detail) {
		return new Rejection(Kind.FORBIDDEN, problemType, detail, List.of());
	}

	public static Rejection unauthenticated(String problemType, String detail) {
		return new Rejection(Kind.UNAUTHENTICATED, problemType, detail, List.of());
	}

	public Kind kind() {
		return kind;
	}

	/** The last path segment of the problem's {@code type} URI, stable across releases. */
	public String problemType() {
		return problemType;
	}

	public List<Violation> violations() {
		return violations;
	}

	/** For a throttled request or an unavailable dependency, how long the caller should wait. */
	public java.time.@org.jspecify.annotations.Nullable Duration retryAfter() {
		return retryAfter;
	}
}
