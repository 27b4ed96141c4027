package com.yuelv.trip;

/** Where a trip is in its life. */
public enum TripStatus {
	/** Only the organizer sees it and may still change it. */
	DRAFT,
	/** Everyone sees it; companions may ask to join. */
	PUBLISHED,
	/** Called off; kept so that people who saw it learn what happened. */
	CANCELLED
}
