package com.yuelv.identity.internal;

import com.yuelv.shared.Rejection;

/** The rules for the name a person is shown by. */
final class DisplayNames {

	static final int MAX_LENGTH = 60;

	private DisplayNames() {}

	/**
	 * @return the name without surrounding whitespace (of any script)
	 * @throws Rejection naming the field when the name is blank, too long or holds control characters
	 */
	static String check(String field, String name) {
		var stripped = name == null ? "" : name.strip();
		if (stripped.isEmpty()) {
			throw Rejection.invalid(field, "required", "must not be blank");
		}
		if (stripped.codePointCount(0, stripped.length()) > MAX_LENGTH) {
			throw Rejection.invalid(field, "max-length", "at most %d characters".formatted(MAX_LENGTH));
		}
		if (stripped.codePoints().anyMatch(Character::isISOControl)) {
			throw Rejection.invalid(field, "no-control-characters", "must not contain control characters");
		}
		return stripped;
	}
}
