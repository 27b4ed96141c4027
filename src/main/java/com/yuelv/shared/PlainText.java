package com.yuelv.shared;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for text people type: not blank, not longer than allowed (counted in characters as people see them,
 * that is code points), free of control characters, of which text that may span lines keeps only tab, line feed and
 * carriage return, and free of characters that make text lie about itself: bidirectional embeddings, overrides and
 * isolates (which reorder what follows them) and invisible characters (zero-width spaces, word joiners, byte-order
 * marks, soft hyphens, fillers, unassigned code points). Joiners stay where scripts and emoji need them: U+200C and
 * U+200D between two visible characters, tag characters after the black flag of a subdivision flag; the left-to-right
 * and right-to-left marks stay too, which Arabic and Hebrew text needs. Modules apply it in their domain code, so
 * each text field has its rules in one place.
 */
public final class PlainText {

	private PlainText() {}

	/**
	 * Checks a text and returns it without surrounding whitespace (of any script).
	 *
	 * @param field the request field the text came in, named in a rejection
	 * @throws Rejection with the rule {@code required}, {@code max-length}, {@code no-control-characters},
	 *     {@code no-bidi-controls} or {@code no-invisible-characters}
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
		var i = 0;
		while (i < stripped.length()) {
			var c = stripped.codePointAt(i);
			var next = i + Character.charCount(c);
			if (isBidiControl(c)) {
				throw Rejection.invalid(field, "no-bidi-controls", "must not contain bidirectional embeddings, "
						+ "overrides or isolates (U+202A to U+202E, U+2066 to U+2069)");
			}
			if (isInvisible(c) && !joins(stripped, i, c, next)) {
				throw Rejection.invalid(field, "no-invisible-characters", "must not contain invisible characters "
						+ "(such as U+200B, the zero-width space) or unassigned code points");
			}
			i = next;
		}
		return stripped;
	}

	private static boolean isBidiControl(int c) {
		return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
	}

	private static boolean isMark(int c) {
		return c == 0x200E || c == 0x200F || c == 0x061C;
	}

	private static boolean isInvisible(int c) {
		if (isMark(c)) {
			return false;
		}
		var type = Character.getType(c);
		return type == Character.FORMAT || type == Character.UNASSIGNED || c == 0x115F || c == 0x1160 || c == 0x3164
				|| c == 0xFFA0 || c == 0x034F || c == 0x2028 || c == 0x2029;
	}

	/**
	 * Whether a format character at {@code at} does a visible job: a zero-width (non-)joiner between two visible
	 * characters, or a tag character continuing a subdivision flag (U+1F3F4 followed by tags).
	 */
	private static boolean joins(String text, int at, int c, int next) {
		if (c == 0x200C || c == 0x200D) {
			if (at == 0 || next >= text.length()) {
				return false;
			}
			var before = text.codePointBefore(at);
			var after = text.codePointAt(next);
			return !isInvisible(before) && !isInvisible(after) && !Character.isWhitespace(before)
					&& !Character.isWhitespace(after);
		}
		if (c >= 0xE0020 && c <= 0xE007F && at > 0) {
			var before = text.codePointBefore(at);
			return before == 0x1F3F4 || before >= 0xE0020 && before <= 0xE007E;
		}
		return false;
	}

	/** Like {@link #check}, for a text that may be left out: {@code null} when it is missing or blank. */
	public static @Nullable String checkOptional(String field, @Nullable String value, int maxLength,
			boolean multiline) {
		return value == null || value.isBlank() ? null : check(field, value, maxLength, multiline);
	}
}
