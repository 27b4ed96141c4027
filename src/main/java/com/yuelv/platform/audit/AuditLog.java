package com.yuelv.platform.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.UserId;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail in {@code platform.audit_entries}. An entry is appended in the caller's transaction, if there is
 * one, after locking the trail's head: entries are numbered and chained in the order their transactions lock it, and
 * the lock is held until the caller's transaction ends, so a caller records last in its transaction (the
 * transaction's pending entity writes are flushed first). Each appended
 * entry is also logged by {@code com.yuelv.audit} with its number and hash once it is committed, a copy outside the
 * database to compare the chain's end against.
 * <p>
 * An account is named by its pseudonym ({@link ErasedPeople#pseudonymOf}), never by its id: the trail is kept for its
 * retention whoever closes their account, and keeps no identifier that the erasure would have to change (which the
 * chain forbids). A query by {@code account:<id>} finds the account's entries all the same.
 */
public class AuditLog implements AuditTrail {

	private static final Logger LOG = LoggerFactory.getLogger("com.yuelv.audit");
	static final String PRUNED = "audit-pruned";
	static final int MAX_DETAILS = 4000;
	private static final String ACCOUNT = "account:";

	/** A query's filters; {@code null} matches anything. Newest first, below {@code before} when it is set. */
	record Query(@Nullable String action, @Nullable String actor, @Nullable String subject, @Nullable Long before,
			int limit) {}

	/** What walking the chain found: intact, or where it breaks and how. */
	record Verification(boolean intact, long entries, long firstSeq, long lastSeq, String headHash,
			@Nullable Long brokenAt, @Nullable String problem) {}

	private final JdbcClient jdbc;
	private final JsonMapper json;
	private final TransactionTemplate transaction;
	private final String deployment;
	private final Clock clock;
	private final @Nullable EntityManagerFactory entities;
	private final ErasedPeople people;

	AuditLog(JdbcClient jdbc, JsonMapper json, TransactionTemplate transaction, String deployment, Clock clock,
			@Nullable EntityManagerFactory entities, ErasedPeople people) {
		this.entities = entities;
		this.people = people;
		this.jdbc = jdbc;
		this.json = json;
		this.transaction = transaction;
		this.deployment = deployment;
		this.clock = clock;
	}

	@Override
	public void record(String action, String actor, @Nullable String subject, Map<String, ?> details) {
		var text = json.writeValueAsString(new TreeMap<>(details));
		if (text.length() > MAX_DETAILS) {
			throw new IllegalArgumentException("an audit entry's details take at most %d characters, not %d"
				.formatted(MAX_DETAILS, text.length()));
		}
		var party = java.util.Objects.requireNonNull(named(actor));
		transaction.executeWithoutResult(status -> append(action, party, named(subject), text));
	}

	/** The party as the trail names it: an account by its pseudonym, anything else as it is. */
	private @Nullable String named(@Nullable String party) {
		var account = party != null && party.startsWith(ACCOUNT) ? accountIn(party) : null;
		return account == null ? party : ACCOUNT + people.pseudonymOf(account).value();
	}

	private static @Nullable UserId accountIn(String party) {
		try {
			return new UserId(java.util.UUID.fromString(party.substring(ACCOUNT.length())));
		}
		catch (IllegalArgumentException notAnId) {
			return null;
		}
	}

	private AuditEntry append(String action, String actor, @Nullable String subject, String details) {
		// the transaction's pending entity writes take their row locks now, before the head's: whatever the
		// transaction does next, it never waits for a lock while holding the head
		if (entities != null) {
			var entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entities);
			if (entityManager != null) {
				flush(entityManager);
			}
		}
		var head = jdbc.sql("select seq, hash from platform.audit_head where id = 1 for update")
			.query((row, n) -> new Object[] { row.getLong("seq"), row.getString("hash") })
			.single();
		var entry = AuditEntry.after((Long) head[0], (String) head[1], clock.instant(), deployment, action, actor,
				subject, details);
		jdbc.sql("""
				insert into platform.audit_entries
				(seq, recorded_at, deployment, action, actor, subject, details, previous_hash, hash)
				values (:seq, :at, :deployment, :action, :actor, :subject, :details, :previous, :hash)""")
			.param("seq", entry.seq())
			.param("at", entry.recordedAt().atOffset(ZoneOffset.UTC))
			.param("deployment", entry.deployment())
			.param("action", entry.action())
			.param("actor", entry.actor())
			.param("subject", entry.subject())
			.param("details", entry.details())
			.param("previous", entry.previousHash())
			.param("hash", entry.hash())
			.update();
		jdbc.sql("update platform.audit_head set seq = ?, hash = ? where id = 1")
			.params(entry.seq(), entry.hash())
			.update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				LOG.info("Audit {} {} by {}{}: {}", entry.seq(), entry.action(), entry.actor(),
						entry.subject() == null ? "" : " on " + entry.subject(), entry.hash());
			}
		});
		return entry;
	}

	/** Flushes, failing as the caller's repositories would: with Spring's exception for what went wrong. */
	private void flush(EntityManager entityManager) {
		try {
			entityManager.flush();
		}
		catch (RuntimeException e) {
			var dialect = entities instanceof EntityManagerFactoryInfo info ? info.getJpaDialect() : null;
			RuntimeException translated = dialect != null ? dialect.translateExceptionIfPossible(e)
					: EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(e);
			throw translated != null ? translated : e;
		}
	}

	/** Entries matching the query, newest first. */
	List<AuditEntry> find(Query query) {
		var sql = new StringBuilder("select * from platform.audit_entries where 1 = 1");
		var params = new java.util.HashMap<String, Object>();
		if (query.action() != null) {
			sql.append(" and action = :action");
			params.put("action", query.action());
		}
		// a party as given (a pseudonym read off an entry, an operator's name) or as the trail names it (an account id)
		if (query.actor() != null) {
			sql.append(" and actor in (:actor, :actorNamed)");
			params.put("actor", query.actor());
			params.put("actorNamed", named(query.actor()));
		}
		if (query.subject() != null) {
			sql.append(" and subject in (:subject, :subjectNamed)");
			params.put("subject", query.subject());
			params.put("subjectNamed", named(query.subject()));
		}
		if (query.before() != null) {
			sql.append(" and seq < :before");
			params.put("before", query.before());
		}
		sql.append(" order by seq desc limit :limit");
		params.put("limit", query.limit());
		return jdbc.sql(sql.toString()).params(params).query(AuditLog::entry).list();
	}

	/**
	 * Walks the whole chain in order. It is intact when every entry's hash is the hash of what it holds and of the
	 * entry before, the numbers have no gap, the first entry is the first ever or follows the hash the latest pruning
	 * recorded, and the last one is the head.
	 */
	Verification verify() {
		// one snapshot: the head, the latest pruning and the entries as they were together, whatever is appended or
		// pruned while the walk reads
		var snapshot = new TransactionTemplate(transaction.getTransactionManager());
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.setReadOnly(true);
		return snapshot.execute(status -> {
			var head = jdbc.sql("select seq, hash from platform.audit_head where id = 1")
				.query((row, n) -> new Object[] { row.getLong("seq"), row.getString("hash") })
				.single();
			var walk = new Walk(anchor());
			// read in pages of rows, not the whole trail at once
			jdbc.sql("select * from platform.audit_entries where seq <= ? order by seq")
				.param(head[0])
				.withFetchSize(500)
				.query((RowCallbackHandler) walk::next);
			return walk.end((Long) head[0], (String) head[1]);
		});
	}

	/** The number and hash the first remaining entry follows, from the latest pruning; the origin if none. */
	private Object[] anchor() {
		return jdbc.sql("select details from platform.audit_entries where action = ? order by seq desc limit 1")
			.param(PRUNED)
			.query(String.class)
			.optional()
			.map(details -> {
				var pruned = json.readTree(details);
				return new Object[] { pruned.get("through").asLong(), pruned.get("hash").asString() };
			})
			.orElse(new Object[] { 0L, AuditEntry.ORIGIN });
	}

	/**
	 * Deletes the entries recorded before the given time, after recording in the chain how far it deleted and the
	 * hash of the last deleted entry. Returns how many it deleted.
	 */
	int prune(Instant before) {
		return transaction.execute(status -> {
			// taken first, as every append does, so that no append numbers an entry while this one counts them
			jdbc.sql("select seq from platform.audit_head where id = 1 for update").query(Long.class).single();
			var last = jdbc.sql("""
					select seq, hash from platform.audit_entries
					where seq = (select max(seq) from platform.audit_entries where recorded_at < :before)""")
				.param("before", before.atOffset(ZoneOffset.UTC))
				.query((row, n) -> new Object[] { row.getLong("seq"), row.getString("hash") })
				.optional();
			if (last.isEmpty()) {
				return 0;
			}
			var through = (Long) last.get()[0];
			append(PRUNED, "retention", null,
					json.writeValueAsString(new TreeMap<>(Map.of("through", through, "hash", last.get()[1],
							"before", before.toString()))));
			return jdbc.sql("delete from platform.audit_entries where seq <= ?").param(through).update();
		});
	}

	private static AuditEntry entry(ResultSet row, int n) throws SQLException {
		return new AuditEntry(row.getLong("seq"), row.getObject("recorded_at", OffsetDateTime.class).toInstant(),
				row.getString("deployment"), row.getString("action"), row.getString("actor"), row.getString("subject"),
				row.getString("details"), row.getString("previous_hash"), row.getString("hash"));
	}

	/** The chain walked one entry at a time. */
	private static final class Walk {

		private long expectedSeq;
		private String expectedPrevious;
		private long entries;
		private long first = -1;
		private @Nullable Long brokenAt;
		private @Nullable String problem;

		Walk(Object[] anchor) {
			this.expectedSeq = (Long) anchor[0] + 1;
			this.expectedPrevious = (String) anchor[1];
		}

		void next(ResultSet row) throws SQLException {
			if (problem != null) {
				return;
			}
			var entry = entry(row, 0);
			entries++;
			if (first < 0) {
				first = entry.seq();
			}
			if (entry.seq() != expectedSeq) {
				broken(expectedSeq, entry.seq() > expectedSeq
						? "entries %d to %d are missing".formatted(expectedSeq, entry.seq() - 1)
						: "entry %d appears twice or out of order".formatted(entry.seq()));
			}
			else if (!entry.previousHash().equals(expectedPrevious)) {
				broken(entry.seq(), "entry %d does not follow the entry before it".formatted(entry.seq()));
			}
			else if (!entry.sealed()) {
				broken(entry.seq(), "entry %d was changed after it was recorded".formatted(entry.seq()));
			}
			expectedSeq = entry.seq() + 1;
			expectedPrevious = entry.hash();
		}

		private void broken(long at, String what) {
			brokenAt = at;
			problem = what;
		}

		Verification end(long headSeq, String headHash) {
			if (problem == null && headSeq >= expectedSeq) {
				broken(expectedSeq, "entries %d to %d are missing".formatted(expectedSeq, headSeq));
			}
			else if (problem == null && (headSeq < expectedSeq - 1 || !headHash.equals(expectedPrevious))) {
				broken(headSeq, "the trail does not end at its head, entry %d".formatted(headSeq));
			}
			return new Verification(problem == null, entries, first < 0 ? headSeq : first, expectedSeq - 1,
					headHash, brokenAt, problem);
		}
	}

	static List<Map<String, Object>> shown(List<AuditEntry> entries, JsonMapper json) {
		var shown = new ArrayList<Map<String, Object>>();
		for (var entry : entries) {
			var map = new java.util.LinkedHashMap<String, Object>();
			map.put("seq", entry.seq());
			map.put("recordedAt", entry.recordedAt().toString());
			map.put("deployment", entry.deployment());
			map.put("action", entry.action());
			map.put("actor", entry.actor());
			map.put("subject", entry.subject());
			map.put("details", json.readValue(entry.details(), Map.class));
			map.put("hash", entry.hash());
			shown.add(map);
		}
		return shown;
	}
}
