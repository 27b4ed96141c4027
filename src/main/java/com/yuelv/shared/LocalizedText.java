package com.yuelv.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * User-written text in one or more languages, keyed by canonical language tag. The first entry is the language the
 * author wrote in first and serves as the fallback.
 */
public record LocalizedText(Map<String, String> values) {

	public LocalizedText {
		if (values == null || values.isEmpty()) {
			throw new IllegalArgumentException("Localized text needs at least one language");
		}
		values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/** The text in the author's first language. */
	public String primary() {
		return values.values().iterator().next();
	}

	/** The text in the given language, falling back to its primary language and then to {@link #primary()}. */
	public String in(String languageTag) {
		var exact = values.get(languageTag);
		if (exact != null) {
			return exact;
		}
		var language = languageTag.split("-", 2)[0];
		return values.entrySet().stream()
				.filter(entry -> entry.getKey().split("-", 2)[0].equals(language))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElseGet(this::primary);
	}
}
