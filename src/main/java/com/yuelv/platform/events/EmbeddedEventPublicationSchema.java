package com.yuelv.platform.events;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * Makes room for large events in embedded mode. Spring Modulith creates the H2 publication table with
 * {@code serialized_event VARCHAR(4000)}, too small for a trip event that carries a trip with long descriptions; on
 * PostgreSQL the column is {@code TEXT} already. Runs once every singleton exists, so after the table was created and
 * before the first event is published.
 */
@Component
class EmbeddedEventPublicationSchema implements SmartInitializingSingleton {

	private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEventPublicationSchema.class);
	static final int SERIALIZED_EVENT_LENGTH = 1_000_000;

	private final DataSource dataSource;

	EmbeddedEventPublicationSchema(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			var product = JdbcUtils.extractDatabaseMetaData(dataSource, metaData -> metaData.getDatabaseProductName());
			if (!"H2".equals(product)) {
				return;
			}
		}
		catch (org.springframework.jdbc.support.MetaDataAccessException e) {
			throw new IllegalStateException("Cannot tell which database this is", e);
		}
		var jdbc = JdbcClient.create(dataSource);
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
}
