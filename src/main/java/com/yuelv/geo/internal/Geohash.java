package com.yuelv.geo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Geohash cells as numbers: the interleaved longitude and latitude bits of a point, 5 bits per geohash character, 12
 * characters (60 bits) at full precision. A cell of precision {@code p} holds exactly the full-precision hashes in
 * {@code [cell << 5(12-p), (cell + 1) << 5(12-p))}, so "stops in this cell" is a range scan on an ordinary B-tree.
 */
final class Geohash {

	static final int MAX_PRECISION = 12;
	private static final int BITS = 5 * MAX_PRECISION;

	private Geohash() {}

	/** The full-precision hash of a point. */
	static long encode(double latitude, double longitude) {
		return encode(latitude, longitude, MAX_PRECISION);
	}

	static long encode(double latitude, double longitude, int precision) {
		double minLat = -90, maxLat = 90, minLon = -180, maxLon = 180;
		long hash = 0;
		for (int bit = 0; bit < 5 * precision; bit++) {
			hash <<= 1;
			if (bit % 2 == 0) {
				var middle = (minLon + maxLon) / 2;
				if (longitude >= middle) {
					hash |= 1;
					minLon = middle;
				}
				else {
					maxLon = middle;
				}
			}
			else {
				var middle = (minLat + maxLat) / 2;
				if (latitude >= middle) {
					hash |= 1;
					minLat = middle;
				}
				else {
					maxLat = middle;
				}
			}
		}
		return hash;
	}

	/** Height of a cell of the given precision, in degrees of latitude. */
	static double cellHeight(int precision) {
		return 180 / Math.pow(2, (5 * precision) / 2);
	}

	/** Width of a cell of the given precision, in degrees of longitude. */
	static double cellWidth(int precision) {
		return 360 / Math.pow(2, (5 * precision + 1) / 2);
	}

	/** A range of full-precision hashes, lower bound included, upper excluded. */
	record Range(long from, long to) {}

	/**
	 * The cells of the given precision that cover a box, as ranges of full-precision hashes, adjacent cells merged.
	 * The box spans {@code lonSpan} degrees east of {@code minLon}, which may lie west of -180 (a box across the
	 * antimeridian): longitudes wrap around.
	 */
	static List<Range> cover(double minLat, double maxLat, double minLon, double lonSpan, int precision) {
		var height = cellHeight(precision);
		var width = cellWidth(precision);
		var shift = BITS - 5 * precision;
		var lonEnd = minLon + Math.min(360, lonSpan);
		var cells = new TreeSet<Long>();
		// a box touching the north pole starts in the top row of cells, not above it
		var firstLat = center(Math.min(Math.max(-90, minLat), 90 - height / 2), -90, height);
		for (var lat = firstLat; lat - height / 2 <= maxLat && lat < 90; lat += height) {
			for (var lon = center(minLon, -180, width); lon - width / 2 <= lonEnd; lon += width) {
				cells.add(encode(lat, wrap(lon), precision));
			}
		}
		var ranges = new ArrayList<Range>();
		for (var cell : cells) {
			var range = new Range(cell << shift, (cell + 1) << shift);
			if (!ranges.isEmpty() && ranges.getLast().to() == range.from()) {
				ranges.set(ranges.size() - 1, new Range(ranges.getLast().from(), range.to()));
			}
			else {
				ranges.add(range);
			}
		}
		return ranges;
	}

	/** The finest precision whose cover of the box takes at most {@code maxCells} cells. */
	static int precisionFor(double minLat, double maxLat, double lonSpan, int maxCells) {
		for (int precision = MAX_PRECISION; precision > 1; precision--) {
			var rows = Math.ceil((maxLat - minLat) / cellHeight(precision)) + 1;
			var columns = Math.ceil(Math.min(360, lonSpan) / cellWidth(precision)) + 1;
			if (rows * columns <= maxCells) {
				return precision;
			}
		}
		return 1;
	}

	/** The centre of the grid cell that holds the value, on a grid of the given step starting at origin. */
	private static double center(double value, double origin, double step) {
		return origin + Math.floor((value - origin) / step) * step + step / 2;
	}

	/** A cell centre's longitude brought back into [-180, 180). */
	private static double wrap(double longitude) {
		return ((longitude + 180) % 360 + 360) % 360 - 180;
	}
}
