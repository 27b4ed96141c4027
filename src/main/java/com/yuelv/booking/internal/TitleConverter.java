package com.yuelv.booking.internal;

import java.util.LinkedHashMap;

import com.yuelv.shared.LocalizedText;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a trip title in one column: language and text pairs split by control characters, which titles never
 * contain.
 */
@Converter
class TitleConverter implements AttributeConverter<LocalizedText, String> {

	private static final String PAIR = "\u001e";
	private static final String PART = "\u001f";

	@Override
	public String convertToDatabaseColumn(LocalizedText title) {
		var text = new StringBuilder();
		title.values().forEach((language, value) -> {
			if (!text.isEmpty()) {
				text.append(PAIR);
			}
			text.append(language).append(PART).append(value);
		});
		return text.toString();
	}

	@Override
	public LocalizedText convertToEntityAttribute(String column) {
		var values = new LinkedHashMap<String, String>();
		for (var pair : column.split(PAIR)) {
			var parts = pair.split(PART, 2);
			values.put(parts[0], parts[1]);
		}
		return new LocalizedText(values);
	}
}
