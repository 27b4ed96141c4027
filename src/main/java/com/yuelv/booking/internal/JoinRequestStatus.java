package com.yuelv.booking.internal;

/** Where a request to join a trip is. The first four are active: the traveler may not ask again meanwhile. */
public enum JoinRequestStatus {
	/** Waiting for the organizer's decision, and a seat is free for it. */
	PENDING,
	/** The trip is full; waits for a freed seat. */
	WAITLISTED,
	/** A freed seat is held for it until the organizer decides. */
	OFFERED,
	/** The traveler holds a seat. */
	ACCEPTED,
	/** The organizer said no. */
	REJECTED,
	/** The traveler withdrew before being accepted. */
	WITHDRAWN,
	/** The traveler left after being accepted. */
	LEFT,
	/** The trip was cancelled. */
	RELEASED;

	public boolean isActive() {
		return this == PENDING || this == WAITLISTED || this == OFFERED || this == ACCEPTED;
	}
}
