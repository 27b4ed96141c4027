package com.yuelv.platform.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import com.yuelv.shared.FieldCipher;

/**
 * Moves every sealed column to its module's newest key in the background: values sealed with an older key, and values
 * stored before their field was encrypted, are sealed again in batches. Each row is written only if it still holds
 * the value that was read, so a change made meanwhile is never overwritten; replicas may run it at once. Reading works
 * throughout, as the keysets keep the older keys. A column found clean is read again when its module's keys change, or
 * after an hour (a replica of an older version of the application may have written values unsealed meanwhile).
 */
class ReEncryption {

	private static final Logger LOG = LoggerFactory.getLogger(ReEncryption.class);
	static final int BATCH = 200;

	private final JdbcClient jdbc;
	private final FieldCipher cipher;
	private final DataKeys keys;
	private final List<SealedColumns.Column> columns;
	/** Per column, the version of its module's keys it was last found clean under, and when. */
	private final Map<SealedColumns.Column, Clean> cleanAt = new ConcurrentHashMap<>();

	private record Clean(long version, java.time.Instant at) {}

	/** How long a clean column is trusted to stay so: an older version of the application may still be writing. */
	static final java.time.Duration RECHECK = java.time.Duration.ofHours(1);

	ReEncryption(JdbcClient jdbc, FieldCipher cipher, DataKeys keys, List<SealedColumns.Column> columns) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.keys = keys;
		this.columns = columns;
	}

	/** Every {@code yuelv.keys.re-encrypt-every}; first learns of keys other replicas rotated. */
	@Scheduled(fixedDelayString = "${yuelv.keys.re-encrypt-every:1m}",
			initialDelayString = "${yuelv.keys.re-encrypt-every:1m}")
	void run() {
		keys.follow();
		for (var column : columns) {
			var version = keys.of(column.module()).version();
			var clean = cleanAt.get(column);
			if (clean != null && clean.version() == version
					&& clean.at().plus(RECHECK).isAfter(java.time.Instant.now())) {
				continue;
			}
			var pass = reseal(column);
			if (pass.written() > 0) {
				LOG.info("Re-encrypted {} values of {}.{} under the newest key of {}", pass.written(), column.table(),
						column.column(), column.module());
			}
			if (pass.clean()) {
				cleanAt.put(column, new Clean(version, java.time.Instant.now()));
			}
		}
	}

	/** What one pass over a column did: values written, and whether none was left behind. */
	record Pass(int written, boolean clean) {}

	/**
	 * Seals again the column's values not under the module's primary key, in batches in the order of the rows' ids.
	 * A value that does not open is left as it is and named by its row's id (never by its content); the pass goes on.
	 */
	Pass reseal(SealedColumns.Column column) {
		var written = 0;
		var clean = true;
		Object after = null;
		while (true) {
			var behind = behind(column, after, BATCH);
			if (behind.isEmpty()) {
				return new Pass(written, clean);
			}
			for (var row : behind.entrySet()) {
				after = row.getKey();
				String plaintext;
				try {
					plaintext = cipher.open(column.module(), row.getValue());
				}
				catch (IllegalStateException unopened) {
					LOG.warn("{}.{} of row {} does not open and stays as it is: {}", column.table(), column.column(),
							row.getKey(), unopened.getMessage());
					clean = false;
					continue;
				}
				var updated = jdbc.sql("update %s set %s = ? where %s = ? and %s = ?".formatted(column.table(),
						column.column(), column.id(), column.column()))
					.params(cipher.seal(column.module(), plaintext), row.getKey(), row.getValue())
					.update();
				// a row changed meanwhile was written by the application, under the primary key
				written += updated;
			}
		}
	}

	/** How many of the column's values are not under the module's primary key. */
	long countBehind(SealedColumns.Column column) {
		return jdbc.sql("select count(*) from %s where %s is not null and %s not like ?".formatted(column.table(),
				column.column(), column.column()))
			.param(TinkFieldCipher.prefixOf(keys.of(column.module()).primary()) + "%")
			.query(Long.class)
			.single();
	}

	private Map<Object, String> behind(SealedColumns.Column column, @Nullable Object after, int most) {
		var rows = new LinkedHashMap<Object, String>();
		var sql = "select %s, %s from %s where %s is not null and %s not like ?%s order by %s limit ?".formatted(
				column.id(), column.column(), column.table(), column.column(), column.column(),
				after == null ? "" : " and " + column.id() + " > ?", column.id());
		var prefix = TinkFieldCipher.prefixOf(keys.of(column.module()).primary()) + "%";
		var statement = after == null ? jdbc.sql(sql).params(prefix, most) : jdbc.sql(sql).params(prefix, after, most);
		statement.query((RowCallbackHandler) row -> rows.put(row.getObject(1), row.getString(2)));
		return rows;
	}

	List<SealedColumns.Column> columns() {
		return columns;
	}
}
