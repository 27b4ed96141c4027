/**
 * Trips: an organizer drafts a trip (multilingual title and description, destination, dates, an ordered itinerary of
 * stops, seats, a budget per person, spoken languages, tags), revises it while it is a draft, publishes it and may
 * cancel it. Published trips are public and can be listed with filters and keyset pagination. Announces
 * {@link com.yuelv.trip.TripPublished} and {@link com.yuelv.trip.TripCancelled}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Trip")
@org.jspecify.annotations.NullMarked
package com.yuelv.trip;
