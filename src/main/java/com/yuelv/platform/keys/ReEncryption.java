package com.yuelv.platform.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * throughout, as the keysets keep the older keys.
 */
class ReEncryption {

	private static final Logger LOG = LoggerFactory.getLogger(ReEncryption.class);
	static final int BATCH = 200;

	private final JdbcClient jdbc;
	private final FieldCipher cipher;
	private final DataKeys keys;
	private final List<SealedColumns.Column> columns;

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
			var moved = reseal(column);
			if (moved > 0) {
				LOG.info("Re-encrypted {} values of {}.{} under the newest key of {}", moved, column.table(),
						column.column(), column.module());
			}
		}
	}

	/** Seals again the column's values not under the module's primary key; returns how many it wrote. */
	int reseal(SealedColumns.Column column) {
		var written = 0;
		while (true) {
			var behind = behind(column, BATCH);
			if (behind.isEmpty()) {
				return written;
			}
			var progress = 0;
			for (var row : behind.entrySet()) {
				var plaintext = cipher.open(column.module(), row.getValue());
				progress += jdbc.sql("update %s set %s = ? where %s = ? and %s = ?".formatted(column.table(),
						column.column(), column.id(), column.column()))
					.params(cipher.seal(column.module(), plaintext), row.getKey(), row.getValue())
					.update();
			}
			written += progress;
			if (progress == 0) {
				// every row read was changed meanwhile, under the newest key: the next run sees what is left
				return written;
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

	private Map<Object, String> behind(SealedColumns.Column column, int most) {
		var rows = new LinkedHashMap<Object, String>();
		jdbc.sql("select %s, %s from %s where %s is not null and %s not like ? order by %s limit ?".formatted(
				column.id(), column.column(), column.table(), column.column(), column.column(), column.id()))
			.params(TinkFieldCipher.prefixOf(keys.of(column.module()).primary()) + "%", most)
			.query((RowCallbackHandler) row -> rows.put(row.getObject(1), row.getString(2)));
		return rows;
	}

	List<SealedColumns.Column> columns() {
		return columns;
	}
}
