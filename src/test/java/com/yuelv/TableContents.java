package com.yuelv;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The content of every table the modules own (and of the event registry), to compare before and after requests that
 * must store nothing.
 */
public final class TableContents {

	private TableContents() {}

	/**
	 * Each table's rows, sorted, so that a changed row counts as much as an added one, once the event listeners have
	 * caught up with the events published since {@code started} (other tests' stay out of it).
	 */
	public static Map<String, List<String>> of(JdbcClient jdbc, OffsetDateTime started) {
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
				select count(*) from platform.event_publication
				where completion_date is null and publication_date >= ?""")
				.param(started).query(Long.class).single() == 0);
		var contents = new LinkedHashMap<String, List<String>>();
		List<String> tables = new ArrayList<>(jdbc.sql("""
				select table_schema || '.' || table_name from information_schema.tables
				where table_schema in ('identity', 'trip', 'booking', 'geo', 'notification') order by 1""")
				.query(String.class).list());
		tables.add("platform.event_publication");
		tables.forEach(table -> contents.put(table, jdbc.sql("select * from " + table).query().listOfRows().stream()
				.map(String::valueOf).sorted().toList()));
		return contents;
	}
}
