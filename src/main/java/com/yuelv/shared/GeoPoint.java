package com.yuelv.shared;

/**
 * A point on Earth in WGS 84 degrees.
 */
public record GeoPoint(double latitude, double longitude) {

	public GeoPoint {
		if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
			throw new IllegalArgumentException("Coordinates out of range: " + latitude + ", " + longitude);
		}
	}

	/**
	 * Validates user input into a point.
	 *
	 * @param field the request field holding the coordinates, named in a rejection
	 * @throws Rejection naming {@code field.latitude} or {@code field.longitude}
	 */
	public static GeoPoint parse(String field, Double latitude, Double longitude) {
		if (latitude == null || !(latitude >= -90 && latitude <= 90)) {
			throw Rejection.invalid(field + ".latitude", "range", "must be between -90 and 90");
		}
		if (longitude == null || !(longitude >= -180 && longitude <= 180)) {
			throw Rejection.invalid(field + ".longitude", "range", "must be between -180 and 180");
		}
		return new GeoPoint(latitude, longitude);
	}
}
