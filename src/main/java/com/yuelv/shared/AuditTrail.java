package com.yuelv.shared;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The security events a module records in the platform's tamper-evident audit trail: the port the platform serves.
 * An entry says what happened ({@code action}, in the words of problem types: {@code login-failed}), who did it
 * ({@code actor}: {@code account:<id>}, an operator's name, {@code anonymous}) and to whom or what ({@code subject}).
 * Its details name things by id: never an email, a name, a password or a token. An entry recorded inside a transaction
 * is kept only if that transaction commits.
 */
public interface AuditTrail {

	/** The actor or subject that is an account. */
	static String account(UserId account) {
		return "account:" + account.value();
	}

	void record(String action, String actor, @Nullable String subject, Map<String, ?> details);
}
