package com.yuelv.geo.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.GeoPoint;

/**
 * A city of the catalog.
 *
 * @param id its GeoNames id
 * @param name its name as GeoNames gives it (usually the local name in Latin script)
 * @param asciiName the same in plain ASCII
 * @param country ISO 3166 country code
 * @param location where it is
 * @param population inhabitants, 0 when unknown
 * @param timeZone IANA time zone
 * @param names other names by script: {@code han}, {@code ja}, {@code ko}, {@code th}, {@code en} (Latin script)
 */
record Place(long id, String name, String asciiName, String country, GeoPoint location, long population,
		String timeZone, Map<String, List<String>> names) {

	/** The name a reader of the given language expects, falling back to the GeoNames name. */
	String nameIn(String language) {
		var preferred = switch (language) {
			case "zh" -> first("han");
			case "ja" -> "JP".equals(country) ? japaneseName() : first("ja") != null ? first("ja") : first("han");
			case "ko" -> first("ko");
			case "th" -> first("th");
			default -> null;
		};
		return preferred == null ? name : preferred;
	}

	/**
	 * A Japanese city's name in kanji. GeoNames lists Chinese and Japanese forms without telling them apart (东京,
	 * 東京, 東京都); the form whose municipal name (with 市, 都, 町, 村 or 区) is listed too is the Japanese one.
	 */
	private @Nullable String japaneseName() {
		var han = names.getOrDefault("han", List.of());
		for (var name : han) {
			for (var suffix : List.of("市", "都", "町", "村", "区")) {
				if (han.contains(name + suffix)) {
					return name;
				}
			}
		}
		return first("han") != null ? first("han") : first("ja");
	}

	private @Nullable String first(String script) {
		var list = names.get(script);
		return list == null || list.isEmpty() ? null : list.getFirst();
	}
}
