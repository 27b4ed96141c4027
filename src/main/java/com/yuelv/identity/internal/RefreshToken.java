package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;
import org.jspecify.annotations.Nullable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One refresh token of a session. Only its SHA-256 hash is stored. Tokens of one login form a family: each refresh
 * uses up the presented token and issues the next one of the family; presenting a used token again means it was
 * stolen, and revokes the family. A family opened through the authorization server belongs to the client it was opened
 * for, and only that client trades its tokens; the password login's families name no client.
 */
@AggregateRoot
@Entity
@Table(name = "refresh_tokens", schema = "identity")
public class RefreshToken {

	@Id
	@Identity
	private UUID id;

	@Column(name = "family_id", nullable = false)
	private UUID familyId;

	@Column(name = "account_id", nullable = false)
	private UUID accountId;

	@Column(name = "token_hash", nullable = false, unique = true)
	private String tokenHash;

	@Column(name = "issued_at", nullable = false)
	private Instant issuedAt;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "used_at")
	private @Nullable Instant usedAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	@Column(name = "client_id")
	private @Nullable String clientId;

	/** {@code null} until first stored, which is how Spring Data tells a new token from a stored one. */
	@Version
	private @Nullable Long version;

	protected RefreshToken() {}

	RefreshToken(UUID familyId, UUID accountId, String tokenHash, Instant issuedAt, Instant expiresAt,
			@Nullable String clientId) {
		this.id = UUID.randomUUID();
		this.clientId = clientId;
		this.familyId = familyId;
		this.accountId = accountId;
		this.tokenHash = tokenHash;
		this.issuedAt = issuedAt;
		this.expiresAt = expiresAt;
	}

	UUID id() {
		return id;
	}

	UUID familyId() {
		return familyId;
	}

	UUID accountId() {
		return accountId;
	}

	boolean isUsed() {
		return usedAt != null;
	}

	/** Whether the token may be traded by this client ({@code null}: the password login's). */
	boolean isIssuedTo(@Nullable String client) {
		return java.util.Objects.equals(clientId, client);
	}

	boolean isRevoked() {
		return revokedAt != null;
	}

	boolean isExpiredAt(Instant now) {
		return !now.isBefore(expiresAt);
	}
}
