package com.yuelv.identity.internal;

import java.util.Locale;
import java.util.Set;

import com.yuelv.shared.Rejection;

/**
 * What a new password must satisfy, following NIST SP 800-63B: length over composition, no well-known passwords,
 * nothing derived from the account's own email. Each rule has a stable name that the 400 answer reports.
 */
final class PasswordPolicy {

	static final int MIN_LENGTH = 10;
	static final int MAX_LENGTH = 128;

	private static final Set<String> WELL_KNOWN = Set.of("password", "password1", "password123", "passw0rd",
			"1234567890", "0123456789", "12345678910", "qwertyuiop", "qwerty1234", "1q2w3e4r5t", "iloveyou123",
			"abcdefghij", "abc1234567", "letmein123", "welcome123", "admin12345", "administrator", "football12",
			"baseball12", "sunshine12", "princess12", "dragon1234", "monkey1234", "1111111111", "0000000000",
			"aaaaaaaaaa", "zxcvbnm123", "asdfghjkl1", "woaini1314", "woaini520", "5201314520", "1314520520",
			"qwe1234567", "a123456789", "123456789a", "1234567890a", "changeme123", "trustno1234");

	private PasswordPolicy() {}

	static void check(String password, String email) {
		var length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH) {
			throw violated("min-length", "must be at least %d characters long".formatted(MIN_LENGTH));
		}
		if (length > MAX_LENGTH) {
			throw violated("max-length", "must be at most %d characters long".formatted(MAX_LENGTH));
		}
		if (password.codePoints().distinct().count() < 4) {
			throw violated("repetitive", "must use at least 4 different characters");
		}
		var lower = password.toLowerCase(Locale.ROOT);
		if (WELL_KNOWN.contains(lower)) {
			throw violated("well-known", "is a well-known password; choose another");
		}
		var localPart = email.substring(0, Math.max(email.indexOf('@'), 0)).toLowerCase(Locale.ROOT);
		if (localPart.length() >= 4 && lower.contains(localPart)) {
			throw violated("contains-email", "must not contain your email address");
		}
	}

	private static Rejection violated(String rule, String message) {
		return new Rejection(Rejection.Kind.INVALID, "weak-password", "password: " + message,
				java.util.List.of(new Rejection.Violation("password", rule, message)));
	}
}
