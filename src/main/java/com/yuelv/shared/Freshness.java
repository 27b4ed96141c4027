package com.yuelv.shared;

import java.time.Duration;

/**
 * How long browsers and shared caches (the edge among them) may keep a public read: an answer that is the same for
 * every caller, with or without a token. A kept answer is served as it is for its {@code max-age}, then for up to
 * its {@code stale-while-revalidate} more while the cache asks again in the background; a change therefore shows
 * within the sum of the two. Personal answers name no freshness: the security headers mark them private and uncached.
 */
public enum Freshness {

	/** A published trip and the list of them: a change (publication, cancellation) shows within 30 s. */
	TRIPS(Duration.ofSeconds(15), Duration.ofSeconds(15)),
	/** The seats a trip has left: shown within 10 s; asking to join is decided on the current count regardless. */
	SEATS(Duration.ofSeconds(5), Duration.ofSeconds(5)),
	/** Search results and trips near a point: a trip just published shows within 15 s. */
	FINDINGS(Duration.ofSeconds(5), Duration.ofSeconds(10)),
	/** The place catalogue and distances: they change with a new release of the catalogue only. */
	PLACES(Duration.ofDays(1), Duration.ofDays(1));

	private final String header;

	Freshness(Duration maxAge, Duration staleWhileRevalidate) {
		this.header = "public, max-age=" + maxAge.toSeconds() + ", stale-while-revalidate="
				+ staleWhileRevalidate.toSeconds();
	}

	/** The {@code Cache-Control} header that says so. */
	public String cacheControl() {
		return header;
	}
}
