package com.yuelv.trip;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for trips: a valid one, and the same with one field changed. */
public final class TripBodies {

	private TripBodies() {}

	public static Map<String, Object> valid() {
		var start = LocalDate.now().plusDays(40);
		var body = new LinkedHashMap<String, Object>();
		body.put("title", new LinkedHashMap<>(Map.of("zh", "京都红叶之旅")));
		body.put("description", Map.of("zh", "一起去看红叶"));
		body.put("destination", "京都 Kyoto");
		body.put("startDate", start.toString());
		body.put("endDate", start.plusDays(4).toString());
		body.put("stops", List.of(
				Map.of("placeName", "清水寺", "latitude", 34.9949, "longitude", 135.785, "day", 1),
				Map.of("placeName", "嵐山", "latitude", 35.0094, "longitude", 135.6668, "day", 3)));
		body.put("seats", 4);
		body.put("budget", Map.of("amount", 6800, "currency", "CNY"));
		body.put("languages", List.of("zh", "ja"));
		body.put("tags", List.of("Autumn", "photography"));
		return body;
	}

	/** A free trip (budget 0): a seat is taken at acceptance, with no payment. */
	public static Map<String, Object> free(String field, Object value) {
		var body = with(field, value);
		body.put("budget", Map.of("amount", 0, "currency", "CNY"));
		return body;
	}

	public static Map<String, Object> with(String field, Object value) {
		var body = valid();
		body.put(field, value);
		return body;
	}
}
