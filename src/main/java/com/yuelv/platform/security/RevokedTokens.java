package com.yuelv.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import com.yuelv.shared.TokenRevocations;
import com.yuelv.shared.TokenRevocations.Revocation;

/**
 * Refuses access tokens that were revoked before they expire, on every replica of every deployment: each keeps the
 * revocations of the last {@code yuelv.jwt.revocations-kept-for} in memory and asks for new ones every
 * {@code yuelv.jwt.revocation-refresh} (through {@link TokenRevocations}, served in process where identity runs and
 * over HTTP elsewhere). A revocation therefore bites within about one refresh interval, and checking a token costs two
 * hash lookups.
 * <p>
 * Each refresh asks again for a few seconds before the newest revocation it has seen, since a revocation committed
 * late can carry an earlier time than one already read, and every {@value #FULL_READ_EVERY}th refresh reads the whole
 * window again, so that one committed later still is missed for a minute at most; applying one twice changes
 * nothing. The first read happens before the replica serves (see {@code SecurityConfiguration}). While the source
 * cannot be reached the revocations already known keep applying, and the failure is logged once, not every second.
 */
final class RevokedTokens implements OAuth2TokenValidator<Jwt> {

	private static final Logger LOG = LoggerFactory.getLogger(RevokedTokens.class);
	/** How far back each refresh reaches before the newest revocation seen: longer than a revoking transaction. */
	static final Duration OVERLAP = Duration.ofSeconds(10);
	/** Every this many refreshes, the whole window is read again. */
	static final int FULL_READ_EVERY = 60;

	private static final OAuth2TokenValidatorResult SESSION_REVOKED = OAuth2TokenValidatorResult.failure(
			new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The access token's login was revoked", null));
	private static final OAuth2TokenValidatorResult ROLES_CHANGED = OAuth2TokenValidatorResult.failure(
			new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					"The account's roles changed after the access token was issued; refresh it", null));

	private final TokenRevocations source;
	private final Duration keptFor;
	private final Clock clock;
	private final Map<UUID, Instant> revokedSessions = new ConcurrentHashMap<>();
	private final Map<UUID, Generation> minimumGenerations = new ConcurrentHashMap<>();
	private volatile Instant newestSeen;
	private volatile boolean failing;
	private int refreshes;

	private record Generation(int minimum, Instant recordedAt) {}

	RevokedTokens(TokenRevocations source, Duration keptFor, Clock clock) {
		this.source = source;
		this.keptFor = keptFor;
		this.clock = clock;
		this.newestSeen = clock.instant().minus(keptFor);
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		if (!revokedSessions.isEmpty()
				&& token.getClaims().get(TokenRevocations.SESSION_CLAIM) instanceof String session) {
			try {
				if (revokedSessions.containsKey(UUID.fromString(session))) {
					return SESSION_REVOKED;
				}
			}
			catch (IllegalArgumentException notOurs) {
				return SESSION_REVOKED;
			}
		}
		if (!minimumGenerations.isEmpty()
				&& token.getClaims().get(TokenRevocations.GENERATION_CLAIM) instanceof Number generation
				&& token.getSubject() != null) {
			try {
				var minimum = minimumGenerations.get(UUID.fromString(token.getSubject()));
				if (minimum != null && generation.intValue() < minimum.minimum()) {
					return ROLES_CHANGED;
				}
			}
			catch (IllegalArgumentException notAnAccount) {
				// peer credentials name a deployment, not an account, and carry no generation
			}
		}
		return OAuth2TokenValidatorResult.success();
	}

	/** Takes in what was revoked since the last refresh and forgets what no live token can carry any more. */
	synchronized void refresh() {
		var since = refreshes++ % FULL_READ_EVERY == 0 ? clock.instant().minus(keptFor) : newestSeen.minus(OVERLAP);
		try {
			for (var revocation : source.recordedSince(since)) {
				apply(revocation);
			}
			if (failing) {
				failing = false;
				LOG.info("Token revocations are read again");
			}
		}
		catch (RuntimeException unreachable) {
			if (!failing) {
				failing = true;
				LOG.warn("Token revocations cannot be read ({}); the ones already known keep applying",
						unreachable.getMessage());
			}
		}
		forgetOlderThan(clock.instant().minus(keptFor));
	}

	void apply(Revocation revocation) {
		if (revocation.session() != null) {
			revokedSessions.put(revocation.session(), revocation.recordedAt());
		}
		else {
			minimumGenerations.merge(revocation.account().value(),
					new Generation(revocation.minimumGeneration(), revocation.recordedAt()),
					(known, next) -> next.minimum() >= known.minimum() ? next : known);
		}
		if (revocation.recordedAt().isAfter(newestSeen)) {
			newestSeen = revocation.recordedAt();
		}
	}

	private void forgetOlderThan(Instant horizon) {
		revokedSessions.values().removeIf(recordedAt -> recordedAt.isBefore(horizon));
		minimumGenerations.values().removeIf(generation -> generation.recordedAt().isBefore(horizon));
	}

	/** How many revocations are known now (sessions and accounts). */
	int size() {
		return revokedSessions.size() + minimumGenerations.size();
	}
}
