package com.yuelv.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Logging in, refreshing and logging out.
 * <p>
 * Password hashing is deliberately slow, so it runs outside any transaction: a burst of logins does not hold database
 * connections while it hashes. A refresh uses up the presented token and issues the next token of its family;
 * presenting a token that was already used is treated as theft, and the whole family (including the token issued by
 * the legitimate refresh) is revoked. That revocation is committed even though the request is refused.
 * <p>
 * Refreshes and revocations first lock the account the token belongs to, so for one account they happen one after
 * the other: whichever comes second sees everything the first committed, and a logout racing a refresh leaves no live
 * token behind.
 * <p>
 * Logins that succeed, fail or must wait, a reused refresh token and a logout are recorded in the audit trail, by
 * account id and client address: never the email tried.
 */
@Service
public class Sessions {

	private static final SecureRandom RANDOM = new SecureRandom();
	private static final String ANONYMOUS = "anonymous";

	private final LoginThrottle throttle;
	private final Accounts accounts;
	private final RefreshTokens refreshTokens;
	private final AccessTokens accessTokens;
	private final PasswordEncoder passwords;
	private final IdentitySettings settings;
	private final Clock clock;
	private final TransactionTemplate transaction;
	private final String dummyHash;
	private final RevocationLog revocations;
	private final AuditTrail audit;
	private final EmailIndexes emailIndexes;

	Sessions(Accounts accounts, RefreshTokens refreshTokens, AccessTokens accessTokens, PasswordEncoder passwords,
			IdentitySettings settings, Clock clock, PlatformTransactionManager transactions, LoginThrottle throttle,
			RevocationLog revocations, AuditTrail audit, EmailIndexes emailIndexes) {
		this.emailIndexes = emailIndexes;
		this.revocations = revocations;
		this.audit = audit;
		this.throttle = throttle;
		this.accounts = accounts;
		this.refreshTokens = refreshTokens;
		this.accessTokens = accessTokens;
		this.passwords = passwords;
		this.settings = settings;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
		this.dummyHash = passwords.encode("not-a-real-password-" + UUID.randomUUID());
	}

	/**
	 * Logs in with email and password from a client address. Attempts count against the address as failures until
	 * they succeed (see {@link LoginThrottle}); an address that must wait is refused before the password is checked.
	 */
	public Session logIn(String email, String typedPassword, String clientAddress) {
		var verified = verify(email, typedPassword, clientAddress);
		return transaction.execute(status -> {
			var account = admit(verified);
			var family = UUID.randomUUID();
			var session = open(account, family, null);
			var who = AuditTrail.account(account.userId());
			audit.record("login-succeeded", who, who, Map.of("address", clientAddress, "session", family));
			return session;
		});
	}

	/**
	 * Checks email and password on the authorization server's login page, as {@link #logIn} does, without opening a
	 * session: the client the login is for opens it when it trades the authorization code ({@link #openSession}).
	 */
	public UserId authenticate(String email, String typedPassword, String clientAddress) {
		var verified = verify(email, typedPassword, clientAddress);
		return transaction.execute(status -> {
			var account = admit(verified);
			var who = AuditTrail.account(account.userId());
			audit.record("login-succeeded", who, who, Map.of("address", clientAddress, "via", "login-page"));
			return account.userId();
		});
	}

	/** An account whose password matched, and the password's new hash where the stored one is outdated. */
	private record Verified(Account account, @Nullable String upgradedHash) {}

	private Verified verify(String email, String typedPassword, String clientAddress) {
		var key = emailIndexes.of(EmailAddress.lookupKey(email));
		var password = PasswordPolicy.normalize(typedPassword);
		try {
			throttle.begin(key, clientAddress);
		}
		catch (Rejection waiting) {
			audit.record("login-throttled", ANONYMOUS, null, Map.of("address", clientAddress));
			throw waiting;
		}
		var account = accounts.findByEmailIndex(key)
				.or(() -> accounts.findByEmailIndex(emailIndexes.of(EmailAddress.legacyKey(email))))
				.orElse(null);
		if (account == null) {
			// Spend the same time as for a real account, so timing does not tell which emails are registered.
			passwords.matches(password, dummyHash);
			audit.record("login-failed", ANONYMOUS, null, Map.of("address", clientAddress, "reason", "unknown-email"));
			throw invalidCredentials();
		}
		// a password hashed before passwords were normalized matches as it was typed, and is hashed again below
		var legacy = !passwords.matches(password, account.passwordHash());
		if (legacy && (password.equals(typedPassword) || !passwords.matches(typedPassword, account.passwordHash()))) {
			audit.record("login-failed", ANONYMOUS, AuditTrail.account(account.userId()),
					Map.of("address", clientAddress, "reason", "wrong-password"));
			throw invalidCredentials();
		}
		throttle.succeeded(key, clientAddress);
		var upgradedHash = legacy || passwords.upgradeEncoding(account.passwordHash()) ? passwords.encode(password)
				: null;
		return new Verified(account, upgradedHash);
	}

	/** Within the login's transaction: the account still open, its lock held until commit, its hash brought up. */
	private Account admit(Verified verified) {
		var account = verified.account();
		// the account may have been closed since it was read: its lock tells, and keeps it until this commits
		if (accounts.lockSessions(account.userId().value()).isEmpty()) {
			throw invalidCredentials();
		}
		if (verified.upgradedHash() != null) {
			account.changePasswordHash(verified.upgradedHash(), clock.instant());
			accounts.save(account);
		}
		return account;
	}

	@Transactional(noRollbackFor = Rejection.class)
	public Session refresh(String presentedToken) {
		var rotated = rotate(presentedToken, null);
		var account = accounts.findById(rotated.userId().value()).orElseThrow(Sessions::invalidRefreshToken);
		var now = clock.instant();
		return new Session(account.userId(), accessTokens.issue(account, rotated.session(), now),
				now.plus(settings.accessTokenTtl()), rotated.refreshToken(), rotated.refreshTokenExpiresAt());
	}

	/**
	 * The refresh token a session hands its client: the first one, or the next after a rotation.
	 *
	 * @param session the login (token family) that access tokens name in their {@code sid} claim
	 */
	public record RefreshGrant(UserId userId, UUID session, String refreshToken, Instant issuedAt,
			Instant refreshTokenExpiresAt) {}

	/**
	 * Opens a session for a login made on the authorization server's page, once its client trades the authorization
	 * code: the session's first refresh token, which only that client may trade.
	 *
	 * @param session the authorization's id, which the session takes as its own
	 * @throws Rejection when the account is gone, or the session is open already (its code traded twice at once)
	 */
	@Transactional
	public RefreshGrant openSession(UserId user, UUID session, String clientId) {
		if (accounts.lockSessions(user.value()).isEmpty()) {
			throw invalidRefreshToken();
		}
		var account = accounts.findById(user.value()).orElseThrow(Sessions::invalidRefreshToken);
		if (refreshTokens.findFirstByFamilyId(session).isPresent()) {
			// the code was traded at the same moment by another request, which opened the session
			throw Rejection.unauthenticated("invalid-grant", "The authorization code was used already.");
		}
		var grant = issueRefreshToken(account, session, clientId);
		var who = AuditTrail.account(user);
		audit.record("session-opened", who, who, Map.of("client", clientId, "session", session));
		return grant;
	}

	/**
	 * Uses up a refresh token and issues the next of its family, for the client it was issued to ({@code null}: the
	 * password login's). A token presented again revokes its whole family; one issued to another client is refused
	 * as unknown, and stays good for its own client.
	 */
	@Transactional(noRollbackFor = Rejection.class)
	public RefreshGrant rotate(String presentedToken, @Nullable String clientId) {
		var hash = hash(presentedToken);
		lockSessionsOfTokenOwner(hash);
		var now = clock.instant();
		var token = refreshTokens.findByTokenHash(hash).orElseThrow(Sessions::invalidRefreshToken);
		if (!token.isIssuedTo(clientId) || token.isRevoked() || token.isExpiredAt(now)) {
			throw invalidRefreshToken();
		}
		if (token.isUsed() || refreshTokens.markUsed(token.id(), now) == 0) {
			revoke(token.accountId(), token.familyId());
			audit.record("refresh-token-reused", ANONYMOUS, AuditTrail.account(new UserId(token.accountId())),
					Map.of("session", token.familyId(), "revoked", "every token of the session"));
			throw Rejection.unauthenticated("refresh-token-reused",
					"This refresh token was already used; every session of its login has been revoked.");
		}
		var account = accounts.findById(token.accountId()).orElseThrow(Sessions::invalidRefreshToken);
		return issueRefreshToken(account, token.familyId(), clientId);
	}

	/** Revokes the login the token belongs to. Unknown tokens are ignored, so the answer tells nothing. */
	@Transactional
	public void logOut(String presentedToken) {
		logOut(presentedToken, null);
	}

	/**
	 * Revokes the login a refresh token belongs to, when the token was issued to this client ({@code null}: the
	 * password login's). Unknown tokens, and other clients' ones, are ignored, so the answer tells nothing.
	 *
	 * @return the session revoked, if any
	 */
	@Transactional
	public Optional<UUID> logOut(String presentedToken, @Nullable String clientId) {
		var hash = hash(presentedToken);
		lockSessionsOfTokenOwner(hash);
		var token = refreshTokens.findByTokenHash(hash).filter(found -> found.isIssuedTo(clientId));
		token.ifPresent(found -> endSession(found.accountId(), found.familyId()));
		return token.map(RefreshToken::familyId);
	}

	/**
	 * Revokes a login named by one of its access tokens, when its session belongs to that account and client. Sessions
	 * that are unknown, or another's, are ignored.
	 *
	 * @return whether the session was this client's and is revoked now
	 */
	@Transactional
	public boolean endSession(UserId user, UUID session, String clientId) {
		accounts.lockSessions(user.value());
		var token = refreshTokens.findFirstByFamilyId(session)
				.filter(found -> found.accountId().equals(user.value()) && found.isIssuedTo(clientId));
		token.ifPresent(found -> endSession(found.accountId(), found.familyId()));
		return token.isPresent();
	}

	/** Revokes a partner's access token, which belongs to no account: by the session it names. */
	@Transactional
	public void revokePartnerToken(UUID session, String clientId) {
		revocations.partnerTokenRevoked(session);
		audit.record("token-revoked", "client:" + clientId, null, Map.of("session", session));
	}

	private void endSession(UUID accountId, UUID familyId) {
		revoke(accountId, familyId);
		var who = AuditTrail.account(new UserId(accountId));
		audit.record("logged-out", who, who, Map.of("session", familyId));
	}

	private void lockSessionsOfTokenOwner(String tokenHash) {
		// a scalar lookup: no token is loaded (and cached) before the lock is held
		refreshTokens.findAccountIdByTokenHash(tokenHash).ifPresent(accounts::lockSessions);
	}

	/** Revokes the login's refresh tokens, and its access tokens on every deployment within seconds. */
	private void revoke(UUID accountId, UUID familyId) {
		var now = clock.instant();
		if (refreshTokens.revokeFamily(familyId, now) > 0) {
			revocations.sessionRevoked(accountId, familyId);
		}
	}

	private Session open(Account account, UUID familyId, @Nullable String clientId) {
		var now = clock.instant();
		var refresh = issueRefreshToken(account, familyId, clientId);
		return new Session(account.userId(), accessTokens.issue(account, familyId, now), now.plus(settings.accessTokenTtl()),
				refresh.refreshToken(), refresh.refreshTokenExpiresAt());
	}

	private RefreshGrant issueRefreshToken(Account account, UUID familyId, @Nullable String clientId) {
		var now = clock.instant();
		var bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		var refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		var refreshExpiry = now.plus(settings.refreshTokenTtl());
		refreshTokens.save(new RefreshToken(familyId, account.userId().value(), hash(refresh), now, refreshExpiry,
				clientId));
		return new RefreshGrant(account.userId(), familyId, refresh, now, refreshExpiry);
	}

	static String hash(String token) {
		try {
			var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Rejection invalidCredentials() {
		return Rejection.unauthenticated("invalid-credentials", "Email or password is wrong.");
	}

	private static Rejection invalidRefreshToken() {
		return Rejection.unauthenticated("invalid-refresh-token", "The refresh token is unknown, expired or revoked.");
	}
}
