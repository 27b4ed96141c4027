package com.yuelv.identity.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.LanguageTag;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Reading and changing accounts' profiles and roles.
 */
@Service
public class Profiles {

	private final Accounts accounts;
	private final Clock clock;

	Profiles(Accounts accounts, Clock clock) {
		this.accounts = accounts;
		this.clock = clock;
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
		var interests = List.copyOf(new LinkedHashSet<>(requested.interests().stream().map(String::strip).toList()));
		account.updateProfile(new Profile(DisplayNames.check("displayName", requested.displayName()),
				blankToNull(requested.homeCity()), languages,
				interests, blankToNull(requested.bio())), clock.instant());
		return accounts.save(account);
	}

	@Transactional
	public Account grantRoles(UserId userId, Set<Role> roles) {
		var account = account(userId);
		account.grantRoles(roles, clock.instant());
		return accounts.save(account);
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}
}
