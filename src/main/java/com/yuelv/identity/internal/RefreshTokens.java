package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.query.Param;

/**
 * Stored refresh tokens, found by the hash of the presented token. Changes to the tokens of an account happen under
 * that account's lock ({@link Accounts#lockSessions(UUID)}).
 */
@org.jmolecules.ddd.annotation.Repository
interface RefreshTokens extends CrudRepository<RefreshToken, UUID> {

	Optional<RefreshToken> findByTokenHash(String tokenHash);

	/** A token of a login, any one: they all name its account and client. */
	Optional<RefreshToken> findFirstByFamilyId(UUID familyId);

	/** The account a token belongs to, without loading the token. */
	@Query("select t.accountId from RefreshToken t where t.tokenHash = :hash")
	Optional<UUID> findAccountIdByTokenHash(@Param("hash") String tokenHash);

	/**
	 * Uses a live token up.
	 *
	 * @return 1 when this call used the token, 0 when it had been used or revoked already
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update RefreshToken t set t.usedAt = :now where t.id = :id and t.usedAt is null and t.revokedAt is null")
	int markUsed(@Param("id") UUID id, @Param("now") Instant now);

	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update RefreshToken t set t.revokedAt = :now where t.familyId = :familyId and t.revokedAt is null")
	int revokeFamily(@Param("familyId") UUID familyId, @Param("now") Instant now);

	/** The logins of an account that still have a refresh token, expired or not. */
	@Query("select distinct t.familyId from RefreshToken t where t.accountId = :account")
	java.util.List<UUID> familiesOf(@Param("account") UUID account);

	/** Forgets tokens that expired before the given time: they can neither refresh nor reveal anything. */
	@Modifying
	@Query("delete from RefreshToken t where t.expiresAt < :before")
	int deleteExpiredBefore(@Param("before") Instant before);
}
