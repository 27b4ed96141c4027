package com.yuelv.shared;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for text people type: not blank, not longer than allowed (counted in characters as people see them,
 * that is code points), and free of control characters, of which text that may span lines keeps only tab, line feed
 * and carriage return. Modules apply it in their domain code, so each text field has its rules in one place.
 */
public final class PlainText {

	private PlainText() {}

	/**
	 * Checks a text and returns it without surrounding whitespace (of any script).
	 *
	 * @param field the request field the text came in, named in a rejection
	 * @throws Rejection with the rule {@code required}, {@code max-length} or {@code no-control-characters}
	 */
	public static String check(String field, @Nullable String value, int maxLength, boolean multiline) {
		var stripped = value == null ? "" : value.strip();
		if (stripped.isEmpty()) {
			throw Rejection.invalid(field, "required", "must not be blank");
		}
		if (stripped.codePointCount(0, stripped.length()) > maxLength) {
			throw Rejection.invalid(field, "max-length", "at most %d characters".formatted(maxLength));
		}
		if (stripped.codePoints().anyMatch(c -> Character.isISOControl(c)
				&& !(multiline && (c == '\t' || c == '\n' || c == '\r')))) {
			throw Rejection.invalid(field, "no-control-characters", multiline
					? "must not contain control characters other than line breaks and tabs"
					: "must not contain control characters");
		}
		return stripped;
	}

	/** Like {@link #check}, for a text that may be left out: {@code null} when it is missing or blank. */
	public static @Nullable String checkOptional(String field, @Nullable String value, int maxLength,
			boolean multiline) {
		return value == null || value.isBlank() ? null : check(field, value, maxLength, multiline);
	}
}
