package com.yuelv.notification.internal;

/** What an inbox entry is about; clients may render their own text from it. */
public enum EntryKind {
	WELCOME, TRIP_PUBLISHED, TRIP_CANCELLED,
	/** Someone asked to join the recipient's trip. */
	JOIN_REQUESTED,
	/** The recipient's request waits in the trip's waitlist. */
	JOIN_WAITLISTED,
	/** The recipient's request was accepted: they hold a seat. */
	JOIN_ACCEPTED,
	/** The recipient's request was accepted on a trip with a price: the seat is held until they pay for it. */
	SEAT_HELD,
	/** The seat held for the recipient was not paid for in time, or the payment failed; it is free again. */
	HOLD_LAPSED,
	/** The recipient's request was rejected. */
	JOIN_REJECTED,
	/** A freed seat is held for a waiting request (told to its traveler and the organizer). */
	SEAT_OFFERED,
	/** A traveler withdrew a request to the recipient's trip. */
	JOIN_WITHDRAWN,
	/** A companion left the recipient's trip. */
	COMPANION_LEFT,
	/** The trip the recipient had asked to join, or joined, was cancelled. */
	COMPANION_RELEASED,
	/** Someone followed the recipient. */
	FOLLOWED,
	/** Someone liked the recipient's moment. */
	MOMENT_LIKED,
	/** Someone commented on the recipient's moment, or replied to the recipient's comment. */
	MOMENT_COMMENTED,
	/** Someone the recipient travelled with posted a moment from their trip. */
	COMPANION_POSTED
}
