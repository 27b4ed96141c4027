package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.List;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.identity.IdentityApi;
import com.yuelv.shared.TokenRevocations;
import com.yuelv.identity.PublicProfile;
import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.UserId;

/**
 * Serves {@link IdentityApi} in the same process as its caller.
 */
@Component
class LocalIdentityApi implements IdentityApi, TokenRevocations {

	private final Registration registration;
	private final Accounts accounts;
	private final RevocationLog revocations;
	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
	private final FieldCipher cipher;

	LocalIdentityApi(Registration registration, Accounts accounts, RevocationLog revocations,
			org.springframework.jdbc.core.simple.JdbcClient jdbc, FieldCipher cipher) {
		this.cipher = cipher;
		this.registration = registration;
		this.accounts = accounts;
		this.revocations = revocations;
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public java.util.Map<UserId, String> displayNames(java.util.Collection<UserId> accounts) {
		if (accounts.size() > MAX_NAMES) {
			throw new IllegalArgumentException("At most " + MAX_NAMES + " accounts at once");
		}
		var names = new java.util.HashMap<UserId, String>();
		if (!accounts.isEmpty()) {
			jdbc.sql("select id, display_name from identity.accounts where id in (:ids)")
					.param("ids", accounts.stream().map(UserId::value).distinct().toList())
					.query((row, number) -> names.put(new UserId(row.getObject("id", java.util.UUID.class)),
							cipher.open(Sealed.MODULE, row.getString("display_name"))))
					.list();
		}
		return names;
	}

	@Override
	@Transactional(readOnly = true)
	public List<Revocation> recordedSince(Instant since) {
		return revocations.recordedSince(since);
	}

	@Override
	public UserId register(String email, String password, String displayName) {
		return registration.register(email, password, displayName).userId();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<PublicProfile> profile(UserId userId) {
		return accounts.findById(userId.value()).map(account -> {
			var profile = account.profile();
			return new PublicProfile(account.userId(), profile.displayName(), profile.homeCity(),
					profile.languages(), profile.interests(), profile.bio());
		});
	}

	@Override
	@Transactional(readOnly = true)
	public List<UserId> speakers(java.util.Collection<String> languages, int limit) {
		if (languages.isEmpty() || languages.size() > 20 || limit < 1 || limit > MAX_SPEAKERS) {
			throw new IllegalArgumentException("Between 1 and 20 languages and a limit of 1 to " + MAX_SPEAKERS);
		}
		var tags = languages.stream().map(tag -> tag.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
		return accounts.speakers(tags, limit).stream().map(UserId::parse).toList();
	}
}
