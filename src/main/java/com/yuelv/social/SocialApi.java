package com.yuelv.social;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

/**
 * What other modules may ask of the social module. Callers depend on this interface only, never on how it is served.
 */
public interface SocialApi {

	/** Most followers {@link #followers} returns at once. */
	int MAX_BATCH = 1_000;

	/** Whether the one follows the other. */
	boolean follows(UserId follower, UserId followee);

	/** How many people follow the person. */
	long followerCount(UserId person);

	/**
	 * The person's followers in the order of their ids: what delivering a post to every follower walks through.
	 *
	 * @param after the last follower of the previous batch, {@code null} for the first
	 * @param limit at most this many, 1 to {@link #MAX_BATCH}
	 */
	List<UserId> followers(UserId person, @Nullable UserId after, int limit);

	/**
	 * The people the person follows, in the order of their ids: what a feed read from the moments themselves walks
	 * through.
	 *
	 * @param after the last followee of the previous batch, {@code null} for the first
	 * @param limit at most this many, 1 to {@link #MAX_BATCH}
	 */
	List<UserId> following(UserId person, @Nullable UserId after, int limit);

	/** Which of the candidates (at most {@link #MAX_BATCH}) the follower follows. */
	Set<UserId> followsAmong(UserId follower, java.util.Collection<UserId> candidates);

	/** The people the person muted: hidden from their own feed, nowhere else. */
	Set<UserId> muted(UserId person);

	/** Whether the person travels, or travelled, on the trip: its organizer or an accepted companion who stayed. */
	boolean travelsOn(TripId trip, UserId person);

	/** Everyone who travels, or travelled, on a trip that was not cancelled, as {@link #travelsOn} tells them. */
	List<UserId> travellers(TripId trip);
}
