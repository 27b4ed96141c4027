/**
 * Booking: travelers ask to join published trips, organizers accept or reject, accepted companions hold seats and may
 * leave. On a trip with a price, acceptance holds the seat until the traveler pays for it: the booking saga
 * ({@code internal.SeatPurchase}) asks {@link com.yuelv.payment.PaymentApi} for the payment, takes the seat when it is
 * authorised, frees it when it fails or time runs out, and refunds companions who leave, are removed or whose trip is
 * cancelled. A full trip keeps a waitlist, and a freed seat is offered to the oldest waiting request. Knows trips only
 * through {@link com.yuelv.trip.TripApi} and trip events; announces every step as a
 * {@link com.yuelv.booking.BookingEvent}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Booking",
		allowedDependencies = { "trip", "payment", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.booking;
