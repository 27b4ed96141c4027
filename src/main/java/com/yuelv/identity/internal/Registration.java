package com.yuelv.identity.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;

import org.springframework.dao.DataAccessException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;

/**
 * Creates accounts. The password is hashed before the transaction starts (hashing is slow on purpose); the account
 * and its {@code AccountRegistered} publication are then written in one transaction, with its audit entry.
 */
@Service
public class Registration {

	private final Accounts accounts;
	private final PasswordEncoder passwords;
	private final IdentitySettings settings;
	private final Clock clock;
	private final TransactionTemplate transaction;
	private final AuditTrail audit;
	private final EmailIndexes emailIndexes;

	Registration(Accounts accounts, PasswordEncoder passwords, IdentitySettings settings, Clock clock,
			PlatformTransactionManager transactions, AuditTrail audit, EmailIndexes emailIndexes) {
		this.audit = audit;
		this.emailIndexes = emailIndexes;
		this.accounts = accounts;
		this.passwords = passwords;
		this.settings = settings;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	public Account register(String email, String password, String displayName) {
		var normalized = EmailAddress.normalize("email", email);
		var name = PlainText.check("displayName", displayName, Profile.MAX_DISPLAY_NAME, false);
		PasswordPolicy.check(password, normalized);
		var index = emailIndexes.of(normalized);
		if (accounts.existsByEmailIndex(index)
				|| accounts.existsByEmailIndex(emailIndexes.of(EmailAddress.legacyKey(email)))) {
			throw duplicateEmail();
		}
		var roles = EnumSet.of(Role.TRAVELER);
		if (settings.adminEmails().stream().anyMatch(normalized::equalsIgnoreCase)) {
			roles.add(Role.ADMIN);
		}
		var hash = passwords.encode(PasswordPolicy.normalize(password));
		try {
			return transaction.execute(status -> {
				var account = accounts.save(Account.register(normalized, index, hash, name, roles, clock.instant()));
				var who = AuditTrail.account(account.userId());
				audit.record("account-registered", who, who, Map.of("roles", account.roles().stream().map(Role::name).sorted().toList()));
				return account;
			});
		}
		catch (DataAccessException raced) {
			// someone registered the same email between the check above and the insert
			if (isUniqueKeyClash(raced)) {
				throw duplicateEmail();
			}
			throw raced;
		}
	}

	/**
	 * The email is the only unique key an insert of a new account can clash with (ids are random). PostgreSQL says
	 * 23505 once the other insert has committed; H2 says 90131 while the other insert is still uncommitted.
	 */
	private static boolean isUniqueKeyClash(Throwable failure) {
		for (var cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 90131)) {
				return true;
			}
		}
		return false;
	}

	private static Rejection duplicateEmail() {
		return Rejection.conflict("duplicate-email", "An account with this email already exists.");
	}
}
