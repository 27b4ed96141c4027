package com.yuelv.identity.internal;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.Rejection;

/**
 * Creates accounts. The account and its {@code AccountRegistered} publication are written in one transaction.
 */
@Service
public class Registration {

	private final Accounts accounts;
	private final PasswordEncoder passwords;
	private final IdentitySettings settings;
	private final Clock clock;

	Registration(Accounts accounts, PasswordEncoder passwords, IdentitySettings settings, Clock clock) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.settings = settings;
		this.clock = clock;
	}

	@Transactional
	public Account register(String email, String password, String displayName) {
		var normalized = email.strip().toLowerCase(Locale.ROOT);
		PasswordPolicy.check(password, normalized);
		if (accounts.existsByEmail(normalized)) {
			throw Rejection.conflict("duplicate-email", "An account with this email already exists.");
		}
		var roles = EnumSet.of(Role.TRAVELER);
		if (settings.adminEmails().stream().anyMatch(normalized::equalsIgnoreCase)) {
			roles.add(Role.ADMIN);
		}
		return accounts.save(Account.register(normalized, passwords.encode(password), displayName.strip(), roles,
				clock.instant()));
	}
}
