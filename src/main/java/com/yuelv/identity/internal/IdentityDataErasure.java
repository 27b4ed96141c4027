package com.yuelv.identity.internal;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Identity's part of an erasure. Closing the account deleted it and its login history already ({@link AccountClosing});
 * what may be left are the revocations by generation that name the account by id (a role taken away just before), and
 * the authorization server's authorizations of its logins through the web app or the mini-program.
 */
@Component
class IdentityDataErasure implements PersonalDataErasure {

	private final Accounts accounts;
	private final RevocationLog revocations;
	private final AuthorizationStore authorizations;

	IdentityDataErasure(Accounts accounts, RevocationLog revocations, AuthorizationStore authorizations) {
		this.accounts = accounts;
		this.revocations = revocations;
		this.authorizations = authorizations;
	}

	@Override
	public String module() {
		return Sealed.MODULE;
	}

	@Override
	@Transactional
	public void erase(UserId person) {
		revocations.forgetGenerationsOf(person.value());
		authorizations.removeAllOf(person.toString());
		accounts.findById(person.value()).ifPresent(accounts::delete);
	}
}
