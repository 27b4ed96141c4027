package com.yuelv.identity.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.UserId;

/** Identity's part of an export: the account and its profile, without the password's hash. */
@Component
class IdentityDataExport implements PersonalDataExport {

	private final Accounts accounts;

	IdentityDataExport(Accounts accounts) {
		this.accounts = accounts;
	}

	@Override
	public String module() {
		return Sealed.MODULE;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<String, Object> exportOf(UserId person) {
		var data = new LinkedHashMap<String, Object>();
		accounts.findById(person.value()).ifPresent(account -> {
			var profile = account.profile();
			var record = new LinkedHashMap<String, Object>();
			record.put("id", account.userId().value());
			record.put("email", account.email());
			record.put("roles", account.roles().stream().map(Role::name).sorted().toList());
			record.put("createdAt", account.createdAt());
			record.put("displayName", profile.displayName());
			record.put("homeCity", profile.homeCity());
			record.put("bio", profile.bio());
			record.put("languages", profile.languages());
			record.put("interests", profile.interests());
			data.put("account", List.of(record));
		});
		return data;
	}
}
