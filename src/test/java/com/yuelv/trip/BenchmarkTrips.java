package com.yuelv.trip;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The trips the benchmarks publish: Hangzhou, two stops, two languages, the same size as a real one. */
public final class BenchmarkTrips {

	private BenchmarkTrips() {
	}

	/** The {@code n}th benchmark trip, starting on {@code start} for three days. */
	public static TripDraft draft(int n, LocalDate start) {
		return new TripDraft(Map.of("zh", "基准行程 " + n, "en", "Benchmark trip " + n), Map.of("zh", "说明".repeat(50)),
				"杭州", start, start.plusDays(3),
				List.of(new TripDraft.Stop("西湖", 30.25, 120.15, 1), new TripDraft.Stop("灵隐寺", 30.24, 120.1, 2)), 6,
				BigDecimal.valueOf(2000), "CNY", List.of("zh", "en"), List.of("food", "tea"));
	}
}
