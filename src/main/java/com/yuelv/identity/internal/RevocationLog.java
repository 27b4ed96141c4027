package com.yuelv.identity.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.yuelv.shared.TokenRevocations.Revocation;
import com.yuelv.shared.UserId;

/**
 * The revocations of access tokens, written in the transaction that revokes (a logout, a detected theft, a role taken
 * away) and read by every deployment's token check through {@link com.yuelv.shared.TokenRevocations}. Each is stamped
 * with the database's clock, not a replica's, so that the readers' "since" means one time for every identity replica.
 */
@Component
class RevocationLog {

	private final JdbcClient jdbc;

	RevocationLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void sessionRevoked(UUID accountId, UUID familyId) {
		insert(accountId, familyId, 0);
	}

	/** A partner's token: it belongs to no account, and names a session of its own. */
	void partnerTokenRevoked(UUID session) {
		insert(null, session, 0);
	}

	private static @Nullable UserId accountOf(@Nullable UUID id) {
		return id == null ? null : new UserId(id);
	}

	void generationsBelowRevoked(UUID accountId, int minimumGeneration) {
		insert(accountId, null, minimumGeneration);
	}

	private void insert(@Nullable UUID accountId, @Nullable UUID familyId, int minimumGeneration) {
		jdbc.sql("""
				insert into identity.token_revocations (id, account_id, family_id, min_generation, recorded_at)
				values (:id, :account, :family, :generation, current_timestamp)""")
				.param("id", UUID.randomUUID())
				.param("account", accountId)
				.param("family", familyId)
				.param("generation", minimumGeneration)
				.update();
	}

	/** Forgets the account's revocations by generation: its tokens are revoked by login once it closes. */
	void forgetGenerationsOf(UUID accountId) {
		jdbc.sql("delete from identity.token_revocations where account_id = :account and family_id is null")
				.param("account", accountId)
				.update();
	}

	List<Revocation> recordedSince(Instant since) {
		return jdbc.sql("""
				select account_id, family_id, min_generation, recorded_at from identity.token_revocations
				where recorded_at >= :since order by recorded_at""")
				.param("since", at(since))
				.query((row, n) -> new Revocation(accountOf(row.getObject("account_id", UUID.class)),
						row.getObject("family_id", UUID.class), row.getInt("min_generation"),
						row.getObject("recorded_at", OffsetDateTime.class).toInstant()))
				.list();
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	int purgeRecordedBefore(Instant before) {
		return jdbc.sql("delete from identity.token_revocations where recorded_at < :before")
				.param("before", at(before))
				.update();
	}
}
