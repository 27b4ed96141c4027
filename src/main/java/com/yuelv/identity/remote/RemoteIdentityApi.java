package com.yuelv.identity.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.yuelv.identity.IdentityApi;
import com.yuelv.identity.PublicProfile;
import com.yuelv.shared.Dependencies;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.TokenRevocations;
import com.yuelv.shared.UserId;

/**
 * The identity module's API in a deployment that does not run it: each call goes to the deployment that does,
 * guarded as the dependency {@value #DEPENDENCY}. A registration is sent once (the platform's client retries reads
 * only). When the identity deployment cannot be reached, a profile is answered as it was last seen here within
 * {@link #LAST_KNOWN_FOR}, a degraded answer the platform marks as such; anything else is a 503 problem.
 */
public class RemoteIdentityApi implements IdentityApi, TokenRevocations {

	/** Name of the guarded dependency, also the key of its settings under {@code yuelv.resilience.dependencies}. */
	public static final String DEPENDENCY = "identity";

	/** How long a profile as last seen may stand in for the identity deployment's answer. */
	static final Duration LAST_KNOWN_FOR = Duration.ofMinutes(10);

	private final IdentityApiHttp http;
	private final TokenRevocationsHttp revocations;
	private final Dependencies dependencies;
	private final Dependencies.Lookups<UserId, PublicProfile> profiles;

	public RemoteIdentityApi(IdentityApiHttp http, TokenRevocationsHttp revocations, Dependencies dependencies) {
		this.http = http;
		this.revocations = revocations;
		this.dependencies = dependencies;
		this.profiles = dependencies.lastKnownAnswers(DEPENDENCY, LAST_KNOWN_FOR, 10_000);
	}

	@Override
	public UserId register(String email, String password, String displayName) {
		return guarded(() -> http.register(new IdentityApiHttp.Registration(email, password, displayName)));
	}

	@Override
	public Optional<PublicProfile> profile(UserId userId) {
		return profiles.find(userId, () -> {
			try {
				return Optional.of(http.profile(userId.value()));
			}
			catch (Rejection rejection) {
				if (rejection.kind() == Rejection.Kind.NOT_FOUND
						&& IdentityApiHttp.NO_SUCH_ACCOUNT.equals(rejection.problemType())) {
					return Optional.empty();
				}
				throw rejection;
			}
		});
	}

	@Override
	public java.util.Map<UserId, String> displayNames(java.util.Collection<UserId> accounts) {
		if (accounts.isEmpty()) {
			return java.util.Map.of();
		}
		var names = new java.util.HashMap<UserId, String>();
		guarded(() -> http.displayNames(accounts.stream().map(UserId::value).distinct().toList()))
				.forEach((id, name) -> names.put(new UserId(id), name));
		return names;
	}

	@Override
	public List<UserId> speakers(java.util.Collection<String> languages, int limit) {
		return guarded(() -> http.speakers(List.copyOf(languages), limit));
	}

	@Override
	public List<Revocation> recordedSince(Instant since) {
		return guarded(() -> revocations.revocations(since));
	}

	private <T> T guarded(Supplier<T> call) {
		return dependencies.call(DEPENDENCY, call, Optional::empty);
	}
}
