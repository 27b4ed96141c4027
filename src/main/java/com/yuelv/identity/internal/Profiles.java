package com.yuelv.identity.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.LanguageTag;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Reading and changing accounts' profiles and roles.
 */
@Service
public class Profiles {

	private final Accounts accounts;
	private final Clock clock;
	private final RevocationLog revocations;
	private final AuditTrail audit;

	Profiles(Accounts accounts, Clock clock, RevocationLog revocations, AuditTrail audit) {
		this.accounts = accounts;
		this.audit = audit;
		this.clock = clock;
		this.revocations = revocations;
	}

	@Transactional(readOnly = true)
	public Account account(UserId userId) {
		return accounts.findById(userId.value())
				.orElseThrow(() -> Rejection.notFound("account-not-found", "No account " + userId));
	}

	@Transactional
	public Account updateProfile(UserId userId, Profile requested) {
		var account = account(userId);
		var languages = new ArrayList<String>();
		for (int i = 0; i < requested.languages().size(); i++) {
			var tag = LanguageTag.parse("languages[%d]".formatted(i), requested.languages().get(i)).value();
			if (!languages.contains(tag)) {
				languages.add(tag);
			}
		}
		var interests = new LinkedHashSet<String>();
		for (int i = 0; i < requested.interests().size(); i++) {
			interests.add(PlainText.check("interests[%d]".formatted(i), requested.interests().get(i), 30, false));
		}
		account.updateProfile(new Profile(
				PlainText.check("displayName", requested.displayName(), Profile.MAX_DISPLAY_NAME, false),
				PlainText.checkOptional("homeCity", requested.homeCity(), 100, false), languages,
				List.copyOf(interests), PlainText.checkOptional("bio", requested.bio(), 1000, true)), clock.instant());
		return accounts.save(account);
	}

	/**
	 * Sets an account's roles. Taking a role away stops the account's access tokens on every deployment within
	 * seconds (its client refreshes and gets the roles it now has). The last admin stays one: the admins are locked
	 * first, so two admins demoting each other at once cannot leave none. The change is audited with the admin who
	 * made it.
	 */
	@Transactional
	public Account grantRoles(UserId admin, UserId userId, Set<Role> roles) {
		accounts.lockAdmins();
		var admins = (int) accounts.countAdmins();
		var account = account(userId);
		var before = names(account.roles());
		var now = clock.instant();
		var revoked = account.grantRoles(roles, admins, now);
		if (revoked) {
			revocations.generationsBelowRevoked(account.userId().value(), account.tokenGeneration());
		}
		var saved = accounts.save(account);
		audit.record("roles-changed", AuditTrail.account(admin), AuditTrail.account(userId),
				Map.of("before", before, "after", names(saved.roles()), "tokensRevoked", revoked));
		return saved;
	}

	private static List<String> names(Set<Role> roles) {
		return roles.stream().map(Role::name).sorted().toList();
	}

}
