package db.migration.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The event publication registry (Spring Modulith's outbox) in the platform's schema, created by the migrations like
 * every other table, so that a deployment's database role needs no right to create anything. Written in Java because
 * the two databases need different columns and indexes:
 * <ul>
 * <li>PostgreSQL: Spring Modulith's own layout, and a partial index of the publications that are not finished. Every
 * replica looks for failed publications every {@code yuelv.events.retry-interval}, and the registry's queries for them
 * would otherwise read every completed publication kept for the week (decision 0016). Its condition is the
 * failed-publication query's own, so that PostgreSQL can use it. A second one, of the unfinished publications by
 * listener, serves the look for events another shape did not finish sending ({@code HalfSentEvents}).</li>
 * <li>H2 (embedded mode): room for large events, where Spring Modulith's layout allows 4,000 characters and a trip
 * event carries a trip with long descriptions.</li>
 * </ul>
 * A registry left in the default schema by an earlier start is moved here with its publications.
 */
public class V2__Event_publication_registry extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws SQLException {
		var connection = context.getConnection();
		var postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
		try (var statement = connection.createStatement()) {
			if (postgres) {
				statement.execute("""
						create table if not exists platform.event_publication (
						    id                     uuid                     not null primary key,
						    listener_id            text                     not null,
						    event_type             text                     not null,
						    serialized_event       text                     not null,
						    publication_date       timestamp with time zone not null,
						    completion_date        timestamp with time zone,
						    status                 text,
						    completion_attempts    int,
						    last_resubmission_date timestamp with time zone
						)""");
				statement.execute("""
						create index if not exists event_publication_serialized_event_hash_idx
						    on platform.event_publication using hash (serialized_event)""");
				statement.execute("""
						create index if not exists event_publication_by_completion_date_idx
						    on platform.event_publication (completion_date)""");
				statement.execute("""
						create index if not exists event_publication_unfinished_idx
						    on platform.event_publication (publication_date)
						    where status = 'FAILED' or (status is null and completion_date is null)""");
				statement.execute("""
						create index if not exists event_publication_unfinished_by_listener_idx
						    on platform.event_publication (listener_id, publication_date)
						    where completion_date is null""");
			}
			else {
				statement.execute("""
						create table if not exists platform.event_publication (
						    id                     uuid                        not null primary key,
						    listener_id            varchar(512)                not null,
						    event_type             varchar(512)                not null,
						    serialized_event       varchar(1000000)            not null,
						    publication_date       timestamp(9) with time zone not null,
						    completion_date        timestamp(9) with time zone,
						    status                 varchar(20),
						    completion_attempts    int,
						    last_resubmission_date timestamp(9) with time zone
						)""");
				statement.execute("""
						create index if not exists event_publication_by_listener_and_event_idx
						    on platform.event_publication (listener_id, serialized_event)""");
				statement.execute("""
						create index if not exists event_publication_by_completion_date_idx
						    on platform.event_publication (completion_date)""");
			}
			if (leftInDefaultSchema(connection)) {
				moveIn(statement);
			}
		}
	}

	private static boolean leftInDefaultSchema(Connection connection) throws SQLException {
		try (var query = connection.prepareStatement("""
				select count(*) from information_schema.tables
				where lower(table_schema) = 'public' and lower(table_name) = 'event_publication'""");
				var rows = query.executeQuery()) {
			rows.next();
			return rows.getLong(1) > 0;
		}
	}

	private static void moveIn(Statement statement) throws SQLException {
		var columns = "id, listener_id, event_type, serialized_event, publication_date, completion_date, status, "
				+ "completion_attempts, last_resubmission_date";
		statement.execute("insert into platform.event_publication (" + columns + ") select " + columns
				+ " from public.event_publication");
		statement.execute("drop table public.event_publication");
	}
}
