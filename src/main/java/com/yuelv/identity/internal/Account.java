package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.hibernate.annotations.OptimisticLock;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

import com.yuelv.identity.AccountRegistered;
import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A person's account: how they sign in, what they may do, and the profile others see. Its email, name and home city
 * are stored encrypted; the email is found by its blind index.
 */
@AggregateRoot
@Entity
@Table(name = "accounts", schema = "identity")
public class Account extends AbstractAggregateRoot<Account> {

	@Id
	@Identity
	private UUID id;

	@PersonalData(Grade.CONTACT)
	@Convert(converter = Sealed.class)
	@Column(nullable = false)
	private String email;

	/** The email's blind index ({@link EmailIndexes}): how the account is found by its email. */
	@Column(name = "email_index", nullable = false, unique = true)
	private String emailIndex;

	@Column(name = "password_hash", nullable = false)
	private String passwordHash;

	@PersonalData(Grade.IDENTITY)
	@Convert(converter = Sealed.class)
	@Column(name = "display_name", nullable = false)
	private String displayName;

	@PersonalData(Grade.LOCATION)
	@Convert(converter = Sealed.class)
	@Column(name = "home_city")
	private String homeCity;

	@PersonalData(Grade.CONTENT)
	private String bio;

	@ElementCollection(fetch = FetchType.EAGER)
	@OptimisticLock(excluded = true)
	@CollectionTable(name = "account_languages", schema = "identity", joinColumns = @JoinColumn(name = "account_id"))
	@OrderColumn(name = "ordinal")
	@Column(name = "language")
	@PersonalData(Grade.CONTENT)
	private List<String> languages = new java.util.ArrayList<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@OptimisticLock(excluded = true)
	@CollectionTable(name = "account_interests", schema = "identity", joinColumns = @JoinColumn(name = "account_id"))
	@OrderColumn(name = "ordinal")
	@Column(name = "interest")
	@PersonalData(Grade.CONTENT)
	private List<String> interests = new java.util.ArrayList<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@OptimisticLock(excluded = true)
	@CollectionTable(name = "account_roles", schema = "identity", joinColumns = @JoinColumn(name = "account_id"))
	@Enumerated(EnumType.STRING)
	@Column(name = "role")
	private Set<Role> roles = EnumSet.noneOf(Role.class);

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/** Raised when a role is taken away: access tokens issued at a lower generation stop being accepted. */
	@Column(name = "token_generation", nullable = false)
	private int tokenGeneration;

	/** Set by every change, so that each change bumps the version exactly once (collections do not). */
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/**
	 * {@code null} until first stored, which is how Spring Data tells a new aggregate from a stored one. Not named
	 * {@code version}: Spring Data would read it through {@link #version()}, which answers 0 for a new account.
	 */
	@Version
	@Column(name = "version")
	private @Nullable Long storedVersion;

	protected Account() {}

	private Account(String email, String emailIndex, String passwordHash, String displayName, Set<Role> roles,
			Instant now) {
		this.id = UUID.randomUUID();
		this.email = email;
		this.emailIndex = emailIndex;
		this.passwordHash = passwordHash;
		this.displayName = displayName;
		this.roles = EnumSet.copyOf(roles);
		this.createdAt = now;
		this.updatedAt = now;
	}

	static Account register(String email, String emailIndex, String passwordHash, String displayName, Set<Role> roles,
			Instant now) {
		var account = new Account(email, emailIndex, passwordHash, displayName, roles, now);
		account.registerEvent(
				new AccountRegistered(UUID.randomUUID(), now, account.userId(), displayName, 0));
		return account;
	}

	void changePasswordHash(String passwordHash, Instant now) {
		this.passwordHash = passwordHash;
		this.updatedAt = now;
	}

	void updateProfile(Profile profile, Instant now) {
		this.updatedAt = now;
		this.displayName = profile.displayName();
		this.homeCity = profile.homeCity();
		this.bio = profile.bio();
		this.languages = new java.util.ArrayList<>(profile.languages());
		this.interests = new java.util.ArrayList<>(profile.interests());
	}

	/**
	 * Sets the roles; every account stays a traveler, and the last admin stays one.
	 *
	 * @param admins how many accounts are admins now, this one included if it is one
	 * @return whether a role was taken away, in which case the token generation was raised: tokens issued before
	 *     carry roles the account no longer has
	 * @throws Rejection {@code last-admin} when this is the only admin and the admin role would go
	 */
	boolean grantRoles(Set<Role> roles, int admins, Instant now) {
		if (isAdmin() && !roles.contains(Role.ADMIN) && admins <= 1) {
			throw Rejection.conflict("last-admin", "This is the last admin account; make another admin first.");
		}
		this.updatedAt = now;
		var granted = EnumSet.of(Role.TRAVELER);
		granted.addAll(roles);
		var removed = !granted.containsAll(this.roles);
		this.roles = granted;
		if (removed) {
			tokenGeneration++;
		}
		return removed;
	}

	boolean isAdmin() {
		return roles.contains(Role.ADMIN);
	}

	int tokenGeneration() {
		return tokenGeneration;
	}

	public UserId userId() {
		return new UserId(id);
	}

	public String email() {
		return email;
	}

	String passwordHash() {
		return passwordHash;
	}

	public Set<Role> roles() {
		return EnumSet.copyOf(roles);
	}

	/** The version the account was stored with: 0 for the first. */
	public long version() {
		return storedVersion == null ? 0 : storedVersion;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public Profile profile() {
		return new Profile(displayName, homeCity, List.copyOf(languages), List.copyOf(new LinkedHashSet<>(interests)),
				bio);
	}
}
