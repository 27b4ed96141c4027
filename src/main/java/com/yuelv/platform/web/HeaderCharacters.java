package com.yuelv.platform.web;

/**
 * The characters the HTTP firewall lets through in header names and values: assigned code points that are not
 * control characters, and in values also the tab. These are the rules of Spring Security's {@code StrictHttpFirewall}
 * (its patterns {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} and {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}),
 * checked character by character instead of by a regular expression. The firewall checks a header every time it is
 * read, and an access token's header, some eight hundred characters read several times per request, cost about 4%
 * of an authenticated request's CPU through the patterns. Answers given before the firewall (a replica's kept public
 * answers) check a request's headers by the same rules.
 */
public final class HeaderCharacters {

	private HeaderCharacters() {
	}

	/** Whether a header name may pass: assigned, no control characters. */
	public static boolean isAllowedName(String name) {
		return allowed(name, false);
	}

	/** Whether a header value may pass: assigned, no control characters but the tab. */
	public static boolean isAllowedValue(String value) {
		return allowed(value, true);
	}

	private static boolean allowed(String text, boolean tab) {
		for (int i = 0; i < text.length();) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f || c == '\t' && tab) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || type == Character.CONTROL) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}
}
