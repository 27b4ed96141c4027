package com.yuelv.identity.internal;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;

/**
 * The one spelling of an email address under which an account is stored and found: Unicode NFKC (full-width
 * {@code ｍｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ} is {@code mei@example.com}), lower case, the domain in its ASCII form
 * ({@code 例え.jp} is {@code xn--r8jz45g.jp}). Only the dot-atom form is taken: quoted local parts, comments and
 * address literals are refused, since they let one mailbox be written many ways.
 */
final class EmailAddress {

	static final int MAX_LENGTH = 254;

	/** RFC 5322 dot-atom text, with letters and digits of any script (RFC 6531). */
	private static final Pattern LOCAL_PART = Pattern.compile(
			"[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+)*");
	private static final Pattern ASCII_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	private EmailAddress() {}

	/**
	 * The address's stored spelling.
	 *
	 * @throws Rejection naming {@code field} with the rule {@code email} when it is not an address this platform takes
	 */
	static String normalize(String field, String text) {
		var checked = PlainText.check(field, text, MAX_LENGTH, false);
		var folded = Normalizer.normalize(checked, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		var at = folded.lastIndexOf('@');
		if (at <= 0 || at == folded.length() - 1 || folded.indexOf('@') != at) {
			throw invalid(field);
		}
		var local = folded.substring(0, at);
		if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
			throw invalid(field);
		}
		String domain;
		try {
			domain = IDN.toASCII(folded.substring(at + 1), 0).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException notADomain) {
			throw invalid(field);
		}
		var labels = domain.split("\\.", -1);
		if (labels.length < 2 || domain.length() > 253) {
			throw invalid(field);
		}
		for (var label : labels) {
			if (!ASCII_LABEL.matcher(label).matches()) {
				throw invalid(field);
			}
		}
		var address = local + "@" + domain;
		if (address.length() > MAX_LENGTH) {
			throw invalid(field);
		}
		return address;
	}

	/** The stored spelling of what someone typed to log in, or the text as typed when it is no address at all. */
	static String lookupKey(String text) {
		try {
			return normalize("email", text);
		}
		catch (Rejection notAnAddress) {
			return legacyKey(text);
		}
	}

	/**
	 * How addresses were stored before they were normalized: stripped and in lower case only. Accounts stored so are
	 * still found by it, and an address that differs from its normalized form is also checked against it before a
	 * second account is made.
	 */
	static String legacyKey(String text) {
		return text.strip().toLowerCase(Locale.ROOT);
	}

	private static Rejection invalid(String field) {
		return Rejection.invalid(field, "email", "must be an email address such as mei@example.com (no quoted or "
				+ "bracketed parts)");
	}
}
