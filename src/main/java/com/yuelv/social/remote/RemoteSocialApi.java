package com.yuelv.social.remote;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.Blocks;
import com.yuelv.shared.Dependencies;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.trip.TripId;

/**
 * The social module's API, and the blocks it keeps, in a deployment that does not run it: each call goes to the
 * deployment that does, guarded as the dependency {@value #DEPENDENCY} (time limit, bulkhead, circuit breaker). When
 * that deployment cannot be reached the call is a 503 problem: a block is never assumed away.
 */
public class RemoteSocialApi implements SocialApi, Blocks {

	/** Name of the guarded dependency, also the key of its settings under {@code yuelv.resilience.dependencies}. */
	public static final String DEPENDENCY = "social";

	private final SocialApiHttp http;
	private final Dependencies dependencies;

	public RemoteSocialApi(SocialApiHttp http, Dependencies dependencies) {
		this.http = http;
		this.dependencies = dependencies;
	}

	@Override
	public boolean follows(UserId follower, UserId followee) {
		return guarded(() -> http.follows(follower.value(), followee.value()));
	}

	@Override
	public long followerCount(UserId person) {
		return guarded(() -> http.followerCount(person.value()));
	}

	@Override
	public List<UserId> followers(UserId person, @Nullable UserId after, int limit) {
		return guarded(() -> http.followers(person.value(), after == null ? null : after.value(), limit));
	}

	@Override
	public List<UserId> following(UserId person, @Nullable UserId after, int limit) {
		return guarded(() -> http.following(person.value(), after == null ? null : after.value(), limit));
	}

	@Override
	public Set<UserId> followsAmong(UserId follower, java.util.Collection<UserId> candidates) {
		if (candidates.isEmpty()) {
			return Set.of();
		}
		return guarded(() -> http.followsAmong(follower.value(), candidates.stream().map(UserId::value).toList()));
	}

	@Override
	public Set<UserId> muted(UserId person) {
		return guarded(() -> http.muted(person.value()));
	}

	@Override
	public boolean travelsOn(TripId trip, UserId person) {
		return guarded(() -> http.travelsOn(trip.value(), person.value()));
	}

	@Override
	public List<UserId> travellers(TripId trip) {
		return guarded(() -> http.travellers(trip.value()));
	}

	@Override
	public boolean between(UserId one, UserId other) {
		return guarded(() -> http.blockedBetween(one.value(), other.value()));
	}

	@Override
	public Set<UserId> around(UserId person) {
		return guarded(() -> http.blocksAround(person.value()));
	}

	private <T> T guarded(Supplier<T> call) {
		return dependencies.call(DEPENDENCY, call, java.util.Optional::empty);
	}
}
