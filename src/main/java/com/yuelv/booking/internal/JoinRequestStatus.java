package com.yuelv.booking.internal;

/** Where a request to join a trip is. The first five are active: the traveler may not ask again meanwhile. */
public enum JoinRequestStatus {
	/** Waiting for the organizer's decision, and a seat is free for it. */
	PENDING,
	/** The trip is full; waits for a freed seat. */
	WAITLISTED,
	/** A freed seat is held for it until the organizer decides. */
	OFFERED,
	/** Accepted on a trip with a price: the seat is held (counted as taken) until the traveler pays or time runs out. */
	HELD,
	/** The traveler holds a seat. */
	ACCEPTED,
	/** The organizer said no. */
	REJECTED,
	/** The traveler withdrew before being accepted. */
	WITHDRAWN,
	/** The traveler left after being accepted. */
	LEFT,
	/** The trip was cancelled. */
	RELEASED,
	/** The seat was held and not paid for: the payment failed or time ran out. */
	LAPSED;

	public boolean isActive() {
		return this == PENDING || this == WAITLISTED || this == OFFERED || this == HELD || this == ACCEPTED;
	}
}
