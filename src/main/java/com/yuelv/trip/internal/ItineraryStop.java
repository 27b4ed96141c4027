package com.yuelv.trip.internal;

import org.jmolecules.ddd.annotation.ValueObject;

import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * One stop of an itinerary: a named place, where it is, and on which day of the trip (1 is the first day).
 */
@ValueObject
@Embeddable
public class ItineraryStop {

	@PersonalData(Grade.CONTENT)
	@Column(name = "place_name", nullable = false)
	private String placeName;

	@PersonalData(Grade.CONTENT)
	@Column(nullable = false)
	private double latitude;

	@PersonalData(Grade.CONTENT)
	@Column(nullable = false)
	private double longitude;

	@Column(name = "day_number", nullable = false)
	private int day;

	protected ItineraryStop() {}

	public ItineraryStop(String placeName, GeoPoint location, int day) {
		this.placeName = placeName;
		this.latitude = location.latitude();
		this.longitude = location.longitude();
		this.day = day;
	}

	public String placeName() {
		return placeName;
	}

	public GeoPoint location() {
		return new GeoPoint(latitude, longitude);
	}

	public int day() {
		return day;
	}
}
