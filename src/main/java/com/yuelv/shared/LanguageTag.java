package com.yuelv.shared;

import java.util.Locale;
import java.util.Set;

/**
 * A BCP 47 language tag whose primary language is an ISO 639 language ({@code zh}, {@code zh-Hant}, {@code ja},
 * {@code en-GB}), kept in its canonical form so that equal languages compare equal.
 */
public record LanguageTag(String value) {

	private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());

	public LanguageTag {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("A language tag needs a value");
		}
	}

	/**
	 * Parses and canonicalizes a tag.
	 *
	 * @param field the request field the tag came from, named in the rejection
	 * @throws Rejection when the text is not a tag of a known language
	 */
	public static LanguageTag parse(String field, String text) {
		if (text == null || text.isBlank() || text.length() > 35) {
			throw Rejection.invalid(field, "language-tag", "must be a BCP 47 language tag such as zh, ja or en-GB");
		}
		var locale = Locale.forLanguageTag(text.strip());
		if (locale.getLanguage().isEmpty() || !ISO_LANGUAGES.contains(locale.getLanguage())) {
			throw Rejection.invalid(field, "language-tag", "'%s' is not a known language".formatted(text));
		}
		return new LanguageTag(locale.toLanguageTag());
	}

	@Override
	public String toString() {
		return value;
	}
}
