package com.yuelv.geo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GeohashTests {

	private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

	private static String text(long hash, int precision) {
		var text = new StringBuilder();
		for (int i = precision - 1; i >= 0; i--) {
			text.append(BASE32.charAt((int) ((hash >>> (5 * i)) & 31)));
		}
		return text.toString();
	}

	@Test
	void encodesLikeTheReferenceGeohash() {
		// the example of the original geohash.org announcement
		assertThat(text(Geohash.encode(57.64911, 10.40744, 11), 11)).isEqualTo("u4pruydqqvj");
		assertThat(text(Geohash.encode(35.0116, 135.7681), 12)).isEqualTo("xn0x1mxm652c");
		assertThat(Geohash.encode(35.0116, 135.7681) >>> 5 * (12 - 5)).isEqualTo(Geohash.encode(35.0116, 135.7681, 5));
	}

	@Test
	void aCoverHoldsEveryPointOfItsBoxAndFewCells() {
		var ranges = Geohash.cover(34.9, 35.1, 135.6, 0.3, 5);
		for (var lat = 34.9; lat <= 35.1; lat += 0.01) {
			for (var lon = 135.6; lon <= 135.9; lon += 0.01) {
				assertThat(contains(ranges, Geohash.encode(lat, lon))).as("%s,%s", lat, lon).isTrue();
			}
		}
		assertThat(contains(ranges, Geohash.encode(35.6812, 139.7671))).as("Tokyo").isFalse();
		assertThat(Geohash.precisionFor(34.9, 35.1, 0.3, 64)).isEqualTo(5);
		assertThat(cells(ranges, 5)).isBetween(30L, 64L);
	}

	@Test
	void boxesAtThePolesAreCovered() {
		var north = Geohash.cover(90, 90, -180, 360, 2);
		assertThat(north).isNotEmpty();
		assertThat(contains(north, Geohash.encode(89.99, 12.3))).isTrue();
		var south = Geohash.cover(-90, -89.5, -180, 360, 3);
		assertThat(contains(south, Geohash.encode(-89.9, -170))).isTrue();
	}

	/** How many cells of the precision the ranges hold. */
	private static long cells(List<Geohash.Range> ranges, int precision) {
		var shift = 5 * (Geohash.MAX_PRECISION - precision);
		return ranges.stream().mapToLong(range -> (range.to() - range.from()) >>> shift).sum();
	}

	@Test
	void aBoxAcrossTheAntimeridianWrapsAround() {
		var ranges = Geohash.cover(-17.5, -16.5, 179.5, 1.0, 4);
		assertThat(contains(ranges, Geohash.encode(-17.0, 179.9))).isTrue();
		assertThat(contains(ranges, Geohash.encode(-17.0, -179.9))).isTrue();
		assertThat(contains(ranges, Geohash.encode(-17.0, 178.0))).isFalse();
	}

	private static boolean contains(List<Geohash.Range> ranges, long hash) {
		return ranges.stream().anyMatch(range -> hash >= range.from() && hash < range.to());
	}
}
