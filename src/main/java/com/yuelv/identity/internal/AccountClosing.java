package com.yuelv.identity.internal;

import java.util.Map;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * A traveller closes their account, confirming it with their password: in one transaction every login of the account
 * is revoked (its access tokens stop on every deployment within a second), the account and its login history go, and
 * the erasure of everything else about the person, in every module and store, is requested from the platform
 * ({@link ErasedPeople}). The revocations name the account only by its pseudonym. A wrong password counts as a failed
 * login against the login throttle, so a stolen access token cannot be used to guess it.
 */
@Service
public class AccountClosing {

	private final Accounts accounts;
	private final RefreshTokens refreshTokens;
	private final RevocationLog revocations;
	private final LoginThrottle throttle;
	private final EmailIndexes emailIndexes;
	private final PasswordEncoder passwords;
	private final ErasedPeople erased;
	private final AuditTrail audit;
	private final TransactionTemplate transaction;

	AccountClosing(Accounts accounts, RefreshTokens refreshTokens, RevocationLog revocations, LoginThrottle throttle,
			EmailIndexes emailIndexes, PasswordEncoder passwords, ErasedPeople erased, AuditTrail audit,
			PlatformTransactionManager transactions) {
		this.accounts = accounts;
		this.refreshTokens = refreshTokens;
		this.revocations = revocations;
		this.throttle = throttle;
		this.emailIndexes = emailIndexes;
		this.passwords = passwords;
		this.erased = erased;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Closes the account.
	 *
	 * @throws Rejection a 403 {@code wrong-password}, a 429 {@code login-throttled}, a 409 {@code last-admin} (the
	 * last admin stays one), or a 404 when the account is gone
	 */
	public void close(UserId user, String typedPassword, String clientAddress) {
		var account = accounts.findById(user.value())
				.orElseThrow(() -> Rejection.notFound("account-not-found", "No account " + user));
		var key = emailIndexes.of(EmailAddress.lookupKey(account.email()));
		try {
			throttle.begin(key, clientAddress);
		}
		catch (Rejection waiting) {
			audit.record("account-closing-refused", AuditTrail.account(user), AuditTrail.account(user),
					Map.of("address", clientAddress, "reason", "throttled"));
			throw waiting;
		}
		// as at login: a password hashed before passwords were normalized matches as it was typed
		var password = PasswordPolicy.normalize(typedPassword);
		var matches = passwords.matches(password, account.passwordHash()) || !password.equals(typedPassword)
				&& passwords.matches(typedPassword, account.passwordHash());
		if (!matches) {
			audit.record("account-closing-refused", AuditTrail.account(user), AuditTrail.account(user),
					Map.of("address", clientAddress, "reason", "wrong-password"));
			throw Rejection.forbidden("wrong-password", "The password does not match; the account stays open.");
		}
		transaction.executeWithoutResult(status -> {
			accounts.lockAdmins();
			if (accounts.lockSessions(user.value()).isEmpty()) {
				throw Rejection.notFound("account-not-found", "No account " + user);
			}
			if (account.isAdmin() && accounts.countAdmins() <= 1) {
				throw Rejection.conflict("last-admin", "This is the last admin account; make another admin before "
						+ "closing it.");
			}
			var pseudonym = erased.pseudonymOf(user).value();
			var logins = refreshTokens.familiesOf(user.value());
			logins.forEach(login -> revocations.sessionRevoked(pseudonym, login));
			revocations.forgetGenerationsOf(user.value());
			throttle.forget(key);
			throttle.forget(emailIndexes.of(EmailAddress.legacyKey(account.email())));
			accounts.deleteById(user.value());
			erased.requestErasure(user);
			var who = AuditTrail.account(user);
			audit.record("account-closed", who, who, Map.of("address", clientAddress, "loginsRevoked", logins.size()));
		});
	}
}
