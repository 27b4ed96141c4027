/**
 * Booking: travelers ask to join published trips, organizers accept or reject, accepted companions hold seats and may
 * leave. A full trip keeps a waitlist, and a freed seat is offered to the oldest waiting request. A cancelled trip
 * releases everyone. Knows trips only through {@link com.yuelv.trip.TripApi} and trip events; announces every step as
 * a {@link com.yuelv.booking.BookingEvent}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Booking", allowedDependencies = { "trip", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.booking;
