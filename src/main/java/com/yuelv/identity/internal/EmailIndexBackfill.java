package com.yuelv.identity.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.yuelv.shared.FieldCipher;

/**
 * Gives the accounts stored before emails were encrypted their email's blind index, at start and before the first
 * login, so that they are found by it, and every minute after (a replica of an older version may still register
 * accounts while an upgrade rolls). Each account is written only while it has none, so replicas do the work once.
 */
@Component
class EmailIndexBackfill implements SmartInitializingSingleton {

	private static final Logger LOG = LoggerFactory.getLogger(EmailIndexBackfill.class);

	private final JdbcClient jdbc;
	private final FieldCipher cipher;
	private final EmailIndexes indexes;

	EmailIndexBackfill(JdbcClient jdbc, FieldCipher cipher, EmailIndexes indexes) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.indexes = indexes;
	}

	@Override
	public void afterSingletonsInstantiated() {
		backfill();
	}

	@Scheduled(initialDelayString = "1m", fixedDelayString = "1m")
	void backfill() {
		var accounts = jdbc.sql("select id, email from identity.accounts where email_index is null")
			.query((row, n) -> new String[] { row.getString("id"), row.getString("email") })
			.list();
		var indexed = 0;
		for (var account : accounts) {
			var email = cipher.open(Sealed.MODULE, account[1]);
			indexed += jdbc.sql("update identity.accounts set email_index = ? where id = ? and email_index is null")
				.params(indexes.of(email), java.util.UUID.fromString(account[0]))
				.update();
		}
		if (indexed > 0) {
			LOG.info("Blind indexes of {} accounts' emails computed", indexed);
		}
	}
}
