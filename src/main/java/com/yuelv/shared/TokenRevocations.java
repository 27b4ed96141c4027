package com.yuelv.shared;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Access tokens that stopped being good before they expire: the port through which the module that issues tokens
 * tells every deployment which ones. An access token names its login ({@value #SESSION_CLAIM}) and the account's
 * token generation ({@value #GENERATION_CLAIM}); a revocation ends one login's tokens (logout, a stolen refresh
 * token) or every token of an account below a generation (a role taken away).
 */
public interface TokenRevocations {

	/** Claim naming the login (session) an access token belongs to. */
	String SESSION_CLAIM = "sid";
	/** Claim carrying the account's token generation when the access token was issued. */
	String GENERATION_CLAIM = "gen";

	/**
	 * One revocation.
	 *
	 * @param account whose tokens it concerns; {@code null} for a partner's token, which belongs to no account and is
	 *     revoked by session
	 * @param session the login whose tokens stop, or {@code null} when the revocation is by generation
	 * @param minimumGeneration tokens of the account with a lower generation stop (0 when by session)
	 * @param recordedAt when it was recorded
	 */
	record Revocation(@Nullable UserId account, @Nullable UUID session, int minimumGeneration, Instant recordedAt) {}

	/** Revocations recorded at or after the given time, oldest first. */
	List<Revocation> recordedSince(Instant since);
}
