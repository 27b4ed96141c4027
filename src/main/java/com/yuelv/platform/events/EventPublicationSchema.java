package com.yuelv.platform.events;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Adjusts the table Spring Modulith creates for the event publication registry. Runs once every singleton exists, so
 * after the table was created and before the first event is published.
 * <ul>
 * <li>Embedded mode (H2): room for large events. The table is created with {@code serialized_event VARCHAR(4000)},
 * too small for a trip event that carries a trip with long descriptions; on PostgreSQL the column is {@code TEXT}
 * already.</li>
 * <li>PostgreSQL: an index of the publications that are not finished. Every replica looks for failed publications
 * every {@code yuelv.events.retry-interval}, 30 seconds by default ({@link EventPublicationMaintenance}), and the registry's two queries for them have no index to
 * use, while completed publications stay in the table for a week: each round would read them all, a table that grows
 * with the week's traffic. The index holds only the rows those queries look for, under their own condition, so that
 * it stays as small as the backlog.</li>
 * </ul>
 */
@Component
class EventPublicationSchema implements SmartInitializingSingleton {

	private static final Logger LOG = LoggerFactory.getLogger(EventPublicationSchema.class);
	static final int SERIALIZED_EVENT_LENGTH = 1_000_000;
	static final String UNFINISHED_INDEX = "event_publication_unfinished_idx";

	private final DataSource dataSource;

	EventPublicationSchema(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, metaData -> metaData.getDatabaseProductName());
		}
		catch (MetaDataAccessException e) {
			throw new IllegalStateException("Cannot tell which database this is", e);
		}
		var jdbc = JdbcClient.create(dataSource);
		if ("H2".equals(product)) {
			widenSerializedEvent(jdbc);
		}
		else if ("PostgreSQL".equals(product)) {
			indexUnfinished(jdbc);
		}
	}

	private static void widenSerializedEvent(JdbcClient jdbc) {
		var length = jdbc.sql("""
				select character_maximum_length from information_schema.columns
				where lower(table_name) = 'event_publication' and lower(column_name) = 'serialized_event'""")
				.query(Long.class).optional();
		if (length.isPresent() && length.get() < SERIALIZED_EVENT_LENGTH) {
			jdbc.sql("alter table event_publication alter column serialized_event set data type varchar("
					+ SERIALIZED_EVENT_LENGTH + ")").update();
			LOG.info("Widened event_publication.serialized_event from {} to {} characters", length.get(),
					SERIALIZED_EVENT_LENGTH);
		}
	}

	/**
	 * The index's condition is the failed-publication query's own (Spring Modulith 2.0's JDBC registry), which the
	 * count of failed publications implies too, so that PostgreSQL can use it for both.
	 */
	private static void indexUnfinished(JdbcClient jdbc) {
		// looked up first: even "if not exists" takes the table's lock against writes before it finds the index there
		if (unfinishedIndexExists(jdbc)) {
			return;
		}
		try {
			jdbc.sql("create index if not exists " + UNFINISHED_INDEX + " on event_publication (publication_date)"
					+ " where status = 'FAILED' or (status is null and completion_date is null)").update();
			LOG.info("Indexed the unfinished event publications ({})", UNFINISHED_INDEX);
		}
		catch (DataAccessException e) {
			// another replica starting at the same moment may have created it first
			if (!unfinishedIndexExists(jdbc)) {
				throw e;
			}
		}
	}

	private static boolean unfinishedIndexExists(JdbcClient jdbc) {
		return jdbc.sql("""
				select count(*) from pg_indexes
				where schemaname = current_schema() and tablename = 'event_publication' and indexname = ?""")
				.param(UNFINISHED_INDEX).query(Long.class).single() > 0;
	}
}
