package com.yuelv.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.yuelv.shared.Rejection;

/**
 * Turns every failure of a request into an RFC 9457 {@code application/problem+json} answer with a stable type.
 * Failures of the input name the offending field in {@code errors[].field}; nothing internal leaks into a 5xx.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

	private final Refusals refusals;

	ProblemResponses(Refusals refusals) {
		this.refusals = refusals;
	}

	@ExceptionHandler
	ResponseEntity<Object> rejected(Rejection rejection) {
		var status = switch (rejection.kind()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
			case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		if (rejection.kind() == Rejection.Kind.INVALID) {
			refusals.count(Refusals.VALIDATION);
		}
		var problem = ProblemTypes.problem(status, rejection.problemType(), rejection.getMessage());
		if (!rejection.violations().isEmpty()) {
			problem.setProperty("errors", rejection.violations().stream()
					.map(it -> fieldError(it.field(), it.rule(), it.message()))
					.toList());
		}
		var response = ResponseEntity.status(status);
		if (rejection.retryAfter() != null) {
			var seconds = Math.max(1, (rejection.retryAfter().toMillis() + 999) / 1000);
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
		return response.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<Object> staleVersion(OptimisticLockingFailureException e) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemTypes.problem(HttpStatus.CONFLICT,
				"stale-version", "Someone else changed this resource first; read it again and retry."));
	}

	/**
	 * The database refused a write. SQL state class 22 (data exception: too long, out of range, a character it cannot
	 * store) means input slipped past validation: a 400. Anything else (a unique key, a check) is a clash with data
	 * stored concurrently: a 409.
	 */
	@ExceptionHandler
	ResponseEntity<Object> integrityViolation(DataIntegrityViolationException e) {
		if (sqlState(e).startsWith("22")) {
			return dataException(e);
		}
		LOG.debug("Integrity violation answered with 409", e);
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemTypes.problem(HttpStatus.CONFLICT,
				"conflict", "The request conflicts with data stored concurrently; retry it."));
	}

	private ResponseEntity<Object> dataException(Exception e) {
		LOG.warn("Input refused by the database, not by validation", e);
		return ResponseEntity.badRequest().body(ProblemTypes.problem(HttpStatus.BAD_REQUEST, "invalid-input",
				"A value is too long, out of range or contains characters that cannot be stored."));
	}

	private static String sqlState(Throwable failure) {
		for (var cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return "";
	}

	/** A lock could not be had in time (lock timeout, deadlock victim): the same request may well succeed again. */
	@ExceptionHandler
	ResponseEntity<Object> concurrencyFailure(ConcurrencyFailureException e) {
		LOG.info("Concurrency failure answered with 409", e);
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemTypes.problem(HttpStatus.CONFLICT,
				"conflict", "The request ran into a concurrent change; retry it."));
	}

	@ExceptionHandler
	ResponseEntity<Object> accessDenied(AccessDeniedException e) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ProblemTypes.problem(HttpStatus.FORBIDDEN,
				"forbidden", "You may not do this."));
	}

	/** Tomcat could not read the parameters after all ({@link RequestContract} refuses what it knows of first). */
	@ExceptionHandler
	ResponseEntity<Object> unreadableParameters(InvalidParameterException e) {
		refusals.count(Refusals.QUERY);
		return ResponseEntity.badRequest().body(ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed-query",
				"The query string could not be read."));
	}

	/** A multipart body Tomcat could not take apart (no boundary where it said, cut short). */
	@ExceptionHandler
	ResponseEntity<Object> unreadableMultipart(org.springframework.web.multipart.MultipartException e) {
		if (e instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
			refusals.count(Refusals.BODY_TOO_LARGE);
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ProblemTypes.problem(
					HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "The file is larger than this address accepts."));
		}
		refusals.count(Refusals.MEDIA_TYPE);
		return ResponseEntity.badRequest().body(ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed-request",
				"The multipart/form-data body could not be read."));
	}

	@ExceptionHandler
	ResponseEntity<Object> unexpected(Exception e) {
		var refused = RequestContract.bodyRefusal(e);
		if (refused != null) {
			return bodyRefused(refused);
		}
		if (sqlState(e).startsWith("22")) {
			return dataException(e);
		}
		LOG.error("Unhandled failure of a request", e);
		return ResponseEntity.internalServerError().body(ProblemTypes.problem(HttpStatus.INTERNAL_SERVER_ERROR,
				"internal", "The request failed on our side; it has been logged."));
	}

	private ResponseEntity<Object> bodyRefused(RequestContract.BodyRefused refused) {
		if (refused instanceof RequestContract.BodyTooLarge) {
			refusals.count(Refusals.BODY_TOO_LARGE);
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.body(ProblemTypes.problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", refused.getMessage()));
		}
		refusals.count(Refusals.BODY_ENCODING);
		return ResponseEntity.badRequest()
				.body(ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed-request", refused.getMessage()));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var refused = RequestContract.bodyRefusal(e);
		if (refused != null) {
			return bodyRefused(refused);
		}
		refusals.count(Refusals.JSON);
		var problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed-request", JsonFaults.describe(e));
		var error = JsonFaults.fieldError(e);
		if (error != null) {
			problem.setProperty("errors", List.of(error));
		}
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		refusals.count(Refusals.NOT_FOUND);
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemTypes.problem(HttpStatus.NOT_FOUND,
				"not-found", "There is nothing at this path."));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
			HttpRequestMethodNotSupportedException e, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		refusals.count(Refusals.METHOD);
		var allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().stream()
				.map(Object::toString).sorted().collect(java.util.stream.Collectors.joining(", "));
		var problem = ProblemTypes.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
				allowed.isEmpty() ? "This path does not take this method."
						: "This path takes " + allowed + " only.");
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers).body(problem);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		refusals.count(Refusals.MEDIA_TYPE);
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers)
				.body(ProblemTypes.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
						"The request body must be JSON (application/json)."));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
			HttpMediaTypeNotAcceptableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		refusals.count(Refusals.ACCEPT);
		return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(ProblemTypes.problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
						"This answer is JSON; the Accept header does not allow it."));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var errors = new ArrayList<Map<String, String>>();
		for (var error : e.getBindingResult().getAllErrors()) {
			var field = error instanceof FieldError fieldError ? fieldError.getField() : error.getObjectName();
			errors.add(fieldError(field, ruleOf(error), messageOf(error)));
		}
		return invalidInput(errors, Refusals.VALIDATION);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		var errors = new ArrayList<Map<String, String>>();
		e.getParameterValidationResults().forEach(result -> {
			var name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach(error -> errors.add(
					fieldError(name == null ? "parameter" : name, ruleOf(error), messageOf(error))));
		});
		return invalidInput(errors, Refusals.VALIDATION);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
			MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return invalidInput(List.of(fieldError(e.getParameterName(), "required", "must be given")), Refusals.PARAMETER);
	}

	@ExceptionHandler
	ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
		var rule = e.getMostSpecificCause() instanceof StrictParameters.Malformed malformed ? malformed.getMessage()
				: "must be " + JsonFaults.typeName(e.getRequiredType() == null ? String.class : e.getRequiredType());
		return invalidInput(List.of(fieldError(e.getName(), "type", rule)), Refusals.PARAMETER);
	}

	private ResponseEntity<Object> invalidInput(List<Map<String, String>> errors, String refusalClass) {
		refusals.count(refusalClass);
		var detail = errors.stream().map(it -> it.get("field") + ": " + it.get("message"))
				.reduce((a, b) -> a + "; " + b).orElse("The request is invalid.");
		var problem = ProblemTypes.problem(HttpStatus.BAD_REQUEST, "invalid-input", detail);
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	/** Gives the framework's own answers (404, 405, 415, ...) a stable type instead of none. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
			problem.setType(ProblemTypes.of(ProblemTypes.slugFor(status)));
		}
		return super.createResponseEntity(body, headers, status, request);
	}

	private static String ruleOf(MessageSourceResolvable error) {
		var codes = error.getCodes();
		if (codes == null || codes.length == 0) {
			return "valid";
		}
		var code = codes[codes.length - 1];
		return Character.toLowerCase(code.charAt(0)) + code.substring(1);
	}

	private static String messageOf(MessageSourceResolvable error) {
		var message = error.getDefaultMessage();
		return message == null ? "is invalid" : message;
	}

	static Map<String, String> fieldError(String field, String rule, String message) {
		return Map.of("field", field, "rule", rule, "message", message);
	}
}
