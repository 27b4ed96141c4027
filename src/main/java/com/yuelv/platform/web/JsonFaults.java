package com.yuelv.platform.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.temporal.Temporal;

import org.jspecify.annotations.Nullable;
import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A body that JSON's rules or the target's shape refused, told in the API's words: which field, and what it must be.
 * Jackson's own messages name Java types and internal limits, so none of them is passed on.
 */
final class JsonFaults {

	private JsonFaults() {}

	static String describe(HttpMessageNotReadableException e) {
		var repeated = e.getCause() instanceof StreamReadException syntax ? duplicate(syntax) : null;
		if (repeated != null) {
			return "Field '%s' appears more than once in an object.".formatted(repeated);
		}
		return switch (e.getCause()) {
			case StreamConstraintsException limits ->
				"The body exceeds a limit of this API's JSON (nesting depth, or the length of a number, text or name).";
			case UnrecognizedPropertyException unknown ->
				"Unknown field '%s'.".formatted(path(unknown));
			case MismatchedInputException mismatched when !mismatched.getPath().isEmpty() ->
				"Field '%s' %s.".formatted(path(mismatched), fieldMessage(mismatched));
			case StreamReadException syntax when syntax.getLocation() != null ->
				"The body is not valid JSON (line %d, column %d).".formatted(syntax.getLocation().getLineNr(),
						syntax.getLocation().getColumnNr());
			case JacksonException other when !other.getPath().isEmpty() ->
				"Field '%s' could not be read.".formatted(path(other));
			case null, default -> "The request body is missing or is not valid JSON.";
		};
	}

	static @Nullable Map<String, String> fieldError(HttpMessageNotReadableException e) {
		var name = e.getCause() instanceof StreamReadException syntax ? duplicate(syntax) : null;
		if (name != null) {
			var parent = path((StreamReadException) e.getCause());
			return ProblemResponses.fieldError(parent.isEmpty() ? name : parent + "." + name, "duplicate-field",
					"appears more than once");
		}
		if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			var rule = switch (jackson) {
				case UnrecognizedPropertyException unknown -> "unknown-field";
				case MismatchedInputException mismatched -> "type";
				default -> "readable";
			};
			return ProblemResponses.fieldError(path(jackson), rule,
					jackson instanceof MismatchedInputException mismatched ? fieldMessage(mismatched)
							: "could not be read");
		}
		return null;
	}

	/** The name a duplicate-detecting parser refused, if that was the fault; only a plain name is repeated back. */
	private static @Nullable String duplicate(StreamReadException e) {
		var message = e.getOriginalMessage();
		if (message == null || !message.startsWith("Duplicate")) {
			return null;
		}
		var open = message.indexOf('"');
		var close = message.indexOf('"', open + 1);
		var name = open >= 0 && close > open ? message.substring(open + 1, close) : "";
		return name.length() <= 64 && name.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? name : "(a name)";
	}

	private static String fieldMessage(MismatchedInputException e) {
		if (e instanceof InvalidFormatException && e.getTargetType() == java.time.LocalDate.class) {
			return StrictParameters.DATE_RULE;
		}
		if (e instanceof InvalidFormatException format && format.getTargetType() == String.class) {
			return "must be well-formed Unicode text";
		}
		return e.getTargetType() == null ? "could not be read" : "must be " + typeName(e.getTargetType());
	}

	/** A Java type as a client of a JSON API knows it. */
	static String typeName(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants());
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class
				|| type == Short.class || type == short.class) {
			return "a whole number";
		}
		if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class || type == char.class || type == Character.class) {
			return "text";
		}
		if (type == UUID.class) {
			return "a UUID";
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return type == java.time.LocalDate.class ? "a calendar date written yyyy-MM-dd"
					: "an ISO-8601 date and time";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

	private static String path(JacksonException e) {
		return path(e.getPath());
	}

	private static String path(List<JacksonException.Reference> path) {
		var builder = new StringBuilder();
		for (var reference : path) {
			if (reference.getPropertyName() != null) {
				if (!builder.isEmpty()) {
					builder.append('.');
				}
				builder.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				builder.append('[').append(reference.getIndex()).append(']');
			}
		}
		return builder.toString();
	}
}
