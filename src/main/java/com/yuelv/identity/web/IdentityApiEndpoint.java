package com.yuelv.identity.web;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.RestController;

import com.yuelv.identity.IdentityApi;
import com.yuelv.identity.PublicProfile;
import com.yuelv.identity.remote.IdentityApiHttp;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves {@link IdentityApi} to the other deployments of a split, over the contract {@link IdentityApiHttp}: what the
 * identity module answers in process, it answers here, rejections included.
 */
@RestController
@Hidden
class IdentityApiEndpoint implements IdentityApiHttp {

	private final IdentityApi identity;

	IdentityApiEndpoint(IdentityApi identity) {
		this.identity = identity;
	}

	@Override
	public java.util.Map<UUID, String> displayNames(List<UUID> accounts) {
		if (accounts.size() > IdentityApi.MAX_NAMES) {
			throw Rejection.invalid("accounts", "max-items", "at most " + IdentityApi.MAX_NAMES);
		}
		var names = new java.util.HashMap<UUID, String>();
		identity.displayNames(accounts.stream().map(UserId::new).toList())
				.forEach((id, name) -> names.put(id.value(), name));
		return names;
	}

	@Override
	public UserId register(Registration registration) {
		return identity.register(registration.email(), registration.password(), registration.displayName());
	}

	@Override
	public List<UserId> speakers(List<String> languages, int limit) {
		if (languages.isEmpty() || languages.size() > 20 || limit < 1 || limit > IdentityApi.MAX_SPEAKERS) {
			throw Rejection.invalid("language", "range", "between 1 and 20 languages and a limit of 1 to "
					+ IdentityApi.MAX_SPEAKERS);
		}
		return identity.speakers(languages, limit);
	}

	@Override
	public PublicProfile profile(UUID userId) {
		return identity.profile(new UserId(userId)).orElseThrow(() -> Rejection.notFound(NO_SUCH_ACCOUNT,
				"There is no account " + userId + "."));
	}
}
