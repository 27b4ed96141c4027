package com.yuelv.trip;

import java.time.LocalDate;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.UserId;

/**
 * What other modules may know about a trip.
 *
 * @param tripId the trip
 * @param organizerId its organizer
 * @param status {@code DRAFT}, {@code PUBLISHED} or {@code CANCELLED}
 * @param title its title in every language it was written in
 * @param startDate first day
 * @param endDate last day
 * @param seats places for companions
 * @param version the trip's current version
 */
public record TripSummary(TripId tripId, UserId organizerId, String status, LocalizedText title, LocalDate startDate,
		LocalDate endDate, int seats, long version) {}
