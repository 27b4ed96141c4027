package com.yuelv.trip;

import java.time.Instant;

/**
 * A trip gone for good with its organizer's account, as read models catch up with it.
 *
 * @param tripId the trip
 * @param withdrawnAt when it was withdrawn
 */
public record TripWithdrawal(TripId tripId, Instant withdrawnAt) {}
