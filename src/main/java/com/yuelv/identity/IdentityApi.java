package com.yuelv.identity;

import java.util.List;
import java.util.Optional;

import com.yuelv.shared.UserId;

/**
 * What other modules may ask of the identity module. Callers depend on this interface only, never on how it is
 * served.
 */
public interface IdentityApi {

	/**
	 * Creates a traveler's account.
	 *
	 * @throws com.yuelv.shared.Rejection for a weak password (400) or an email already in use (409)
	 */
	UserId register(String email, String password, String displayName);

	/** The public profile of an account, if it exists. */
	Optional<PublicProfile> profile(UserId userId);

	/** Most accounts {@link #displayNames} takes at once. */
	int MAX_NAMES = 1_000;

	/**
	 * How each of the accounts that exist is shown (their display name), in one lookup: what a list of other people's
	 * things shows beside each.
	 *
	 * @param accounts at most {@link #MAX_NAMES}
	 */
	java.util.Map<UserId, String> displayNames(java.util.Collection<UserId> accounts);

	/** Most languages and accounts {@link #speakers} takes and answers. */
	int MAX_SPEAKERS = 500;

	/**
	 * Accounts whose profile names one of the languages, in no particular order.
	 *
	 * @param languages BCP 47 tags, compared without regard to case; at most 20
	 * @param limit at most this many, 1 to {@link #MAX_SPEAKERS}
	 */
	List<UserId> speakers(java.util.Collection<String> languages, int limit);
}
