package com.yuelv.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.yuelv.shared.Rejection;

/**
 * What a new password must satisfy, following NIST SP 800-63B: length over composition, any printable character of
 * any script (compared in Unicode NFKC, as it is hashed), no password that is commonly used, nothing derived from the
 * account's own email or the service's name. Each rule has a stable name that the 400 answer reports.
 * <p>
 * The commonly used passwords are zxcvbn's list of the 30,000 most frequent ones in published breaches, as the
 * zxcvbn4j library ships it (MIT licence, shipped as {@code META-INF/licenses/zxcvbn4j.txt}), with a few that are
 * frequent among Chinese speakers on top.
 */
final class PasswordPolicy {

	static final int MIN_LENGTH = 10;
	static final int MAX_LENGTH = 128;

	/** zxcvbn4j's copy of zxcvbn's breach-frequency list, one lower-case password a line. */
	static final String COMMON_PASSWORDS = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";
	private static final List<String> FREQUENT_IN_CHINESE = List.of("woaini1314", "woaini520", "5201314520",
			"1314520520", "woaini1314520", "aini1314520", "qq123456789", "a5201314", "iloveyou1314");
	private static final List<String> SERVICE_NAMES = List.of("yuelv", "约旅");

	private static final Set<String> COMMON = load();

	private PasswordPolicy() {}

	/** The password as it is hashed and compared: Unicode NFKC, so that one password has one spelling. */
	static String normalize(String password) {
		return Normalizer.normalize(password, Normalizer.Form.NFKC);
	}

	static void check(String password, String email) {
		var normalized = normalize(password);
		var length = normalized.codePointCount(0, normalized.length());
		if (length < MIN_LENGTH) {
			throw violated("min-length", "must be at least %d characters long".formatted(MIN_LENGTH));
		}
		if (length > MAX_LENGTH) {
			throw violated("max-length", "must be at most %d characters long".formatted(MAX_LENGTH));
		}
		if (normalized.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
				|| Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.UNASSIGNED)) {
			throw violated("printable", "must consist of printable characters (no control or invisible ones)");
		}
		if (normalized.codePoints().distinct().count() < 4) {
			throw violated("repetitive", "must use at least 4 different characters");
		}
		var lower = normalized.toLowerCase(Locale.ROOT);
		if (COMMON.contains(lower)) {
			throw violated("well-known", "is a commonly used password; choose another");
		}
		var letters = lower.replaceAll("[^\\p{L}]", "");
		if (SERVICE_NAMES.stream().anyMatch(letters::equals)) {
			throw violated("context", "must not be this service's name");
		}
		var localPart = email.substring(0, Math.max(email.indexOf('@'), 0)).toLowerCase(Locale.ROOT);
		if (localPart.length() >= 4 && lower.contains(localPart)) {
			throw violated("contains-email", "must not contain your email address");
		}
	}

	private static Set<String> load() {
		var stream = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS);
		if (stream == null) {
			throw new IllegalStateException("The list of common passwords is missing: " + COMMON_PASSWORDS);
		}
		var passwords = new HashSet<String>(40_000);
		try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			reader.lines().map(String::strip).filter(line -> !line.isEmpty())
					.map(line -> line.toLowerCase(Locale.ROOT)).forEach(passwords::add);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		passwords.addAll(FREQUENT_IN_CHINESE);
		return Set.copyOf(passwords);
	}

	private static Rejection violated(String rule, String message) {
		return new Rejection(Rejection.Kind.INVALID, "weak-password", "password: " + message,
				List.of(new Rejection.Violation("password", rule, message)));
	}
}
