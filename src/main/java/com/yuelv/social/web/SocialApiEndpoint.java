package com.yuelv.social.web;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.shared.Blocks;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.social.remote.SocialApiHttp;
import com.yuelv.trip.TripId;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves {@link SocialApi} and {@link Blocks} to the other deployments of a split, over the contract
 * {@link SocialApiHttp}: what the social module answers in process, it answers here.
 */
@RestController
@Hidden
class SocialApiEndpoint implements SocialApiHttp {

	private final SocialApi social;
	private final Blocks blocks;

	SocialApiEndpoint(SocialApi social, Blocks blocks) {
		this.social = social;
		this.blocks = blocks;
	}

	@Override
	public boolean follows(UUID follower, UUID followee) {
		return social.follows(new UserId(follower), new UserId(followee));
	}

	@Override
	public long followerCount(UUID person) {
		return social.followerCount(new UserId(person));
	}

	@Override
	public List<UserId> followers(UUID person, @Nullable UUID after, int limit) {
		checkLimit(limit);
		return social.followers(new UserId(person), after == null ? null : new UserId(after), limit);
	}

	@Override
	public List<UserId> following(UUID person, @Nullable UUID after, int limit) {
		checkLimit(limit);
		return social.following(new UserId(person), after == null ? null : new UserId(after), limit);
	}

	@Override
	public Set<UserId> followsAmong(UUID follower, List<UUID> candidates) {
		if (candidates.size() > SocialApi.MAX_BATCH) {
			throw Rejection.invalid("candidates", "max-items", "at most " + SocialApi.MAX_BATCH);
		}
		return social.followsAmong(new UserId(follower), candidates.stream().map(UserId::new).toList());
	}

	@Override
	public Set<UserId> muted(UUID person) {
		return social.muted(new UserId(person));
	}

	@Override
	public boolean travelsOn(UUID trip, UUID person) {
		return social.travelsOn(new TripId(trip), new UserId(person));
	}

	@Override
	public List<UserId> travellers(UUID trip) {
		return social.travellers(new TripId(trip));
	}

	@Override
	public boolean blockedBetween(UUID person, UUID other) {
		return blocks.between(new UserId(person), new UserId(other));
	}

	@Override
	public Set<UserId> blocksAround(UUID person) {
		return blocks.around(new UserId(person));
	}

	private static void checkLimit(int limit) {
		if (limit < 1 || limit > SocialApi.MAX_BATCH) {
			throw Rejection.invalid("limit", "range", "must be between 1 and " + SocialApi.MAX_BATCH);
		}
	}
}
