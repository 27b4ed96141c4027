package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

/**
 * Stored refresh tokens, found by the hash of the presented token.
 * <p>
 * Refresh and revocation of one family are serialized by row locks: a refresh locks the presented token, a
 * revocation locks every token of the family before revoking them. Whichever comes second sees what the first
 * committed, so a logout racing a refresh never leaves a live token behind.
 */
@org.jmolecules.ddd.annotation.Repository
interface RefreshTokens extends CrudRepository<RefreshToken, UUID> {

	/** The presented token, locked until the end of the transaction. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select t from RefreshToken t where t.tokenHash = :hash")
	Optional<RefreshToken> lockByTokenHash(@Param("hash") String tokenHash);

	Optional<RefreshToken> findByTokenHash(String tokenHash);

	/** Every token of a family, locked until the end of the transaction. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select t from RefreshToken t where t.familyId = :familyId")
	List<RefreshToken> lockFamily(@Param("familyId") UUID familyId);

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
}
