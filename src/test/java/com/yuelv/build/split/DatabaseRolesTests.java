package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.yuelv.PostgresDatabases;
import com.yuelv.platform.deployment.PlaceableModules;

/**
 * The generated database roles on the machine's PostgreSQL: after the peak-season script and the migrations (run as
 * the owner, as every deployment runs them), each deployment's role reads and writes its own modules' tables and the
 * platform's, and PostgreSQL refuses it every other module's table. The off-season script, run over the same data
 * afterwards, lets the single JAR's role use everything; both scripts run twice without a complaint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRolesTests {

	/** PostgreSQL's "insufficient privilege". */
	static final String REFUSED = "42501";

	String url;

	@BeforeAll
	void prepare() throws Exception {
		url = PostgresDatabases.recreate("yuelv_it_roles");
		run("peak-season");
		run("peak-season");
		var placement = DataPlacement.read(Path.of("split-config", "data.yaml"), PlaceableModules.all());
		var modules = new java.util.ArrayList<>(placement.schemas());
		modules.addFirst(DataPlacement.PLATFORM_SCHEMA);
		for (var module : modules) {
			Flyway.configure().dataSource(url, placement.owner(), "").locations("classpath:db/migration/" + module)
					.table("flyway_schema_history_" + module).baselineOnMigrate(true).baselineVersion("0").load()
					.migrate();
		}
	}

	@Test
	void eachDeploymentUsesItsOwnModulesTablesAndThePlatformsOnly() throws Exception {
		assertUses("yuelv_trips", List.of("trip.trips", "booking.rosters", "booking.join_requests", "geo.trips",
				"platform.event_inbox", "platform.event_publication"));
		assertRefused("yuelv_trips", List.of("identity.accounts", "identity.refresh_tokens",
				"notification.inbox_entries"));

		assertUses("yuelv_accounts", List.of("identity.accounts", "identity.token_revocations",
				"notification.inbox_entries", "platform.event_inbox"));
		assertRefused("yuelv_accounts", List.of("trip.trips", "booking.rosters", "geo.trips"));

		assertUses("yuelv_search", List.of("platform.event_inbox", "platform.event_publication"));
		assertRefused("yuelv_search", List.of("trip.trips", "identity.accounts", "booking.join_requests"));
	}

	@Test
	void aDeploymentCannotChangeTheMigrationsHistoryNorCreateTables() {
		assertRefused("yuelv_trips", List.of("public.flyway_schema_history_trip"));
		assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> execute("yuelv_trips", "create table trip.extra (id int)"))
				.satisfies(refusal -> assertThat(refusal.getSQLState()).isEqualTo(REFUSED));
	}

	@Test
	void theSingleJarsRoleUsesEveryModuleOverTheSameData() throws Exception {
		execute("yuelv_trips", "insert into platform.event_inbox (event_id, module, event_type, received_at) "
				+ "values ('" + UUID.randomUUID() + "', 'search', 'trip.TripPublished', now())");
		run("off-season");
		run("off-season");

		assertUses("yuelv_yuelv", List.of("identity.accounts", "trip.trips", "booking.rosters", "geo.trips",
				"notification.inbox_entries", "platform.event_inbox", "platform.event_publication"));
		try (var connection = DriverManager.getConnection(url, "yuelv_yuelv", "");
				var rows = connection.createStatement().executeQuery("select count(*) from platform.event_inbox")) {
			rows.next();
			assertThat(rows.getLong(1)).as("what the split wrote").isPositive();
		}
	}

	private void run(String topology) throws Exception {
		var script = Files.readString(Path.of("deploy", "database", topology + ".sql"));
		try (var connection = DriverManager.getConnection(url, PostgresDatabases.USER, "");
				var statement = connection.createStatement()) {
			statement.execute(script);
		}
	}

	private void assertUses(String role, List<String> tables) throws SQLException {
		for (var table : tables) {
			execute(role, "select count(*) from " + table);
		}
	}

	private void assertRefused(String role, List<String> tables) {
		for (var table : tables) {
			assertThatExceptionOfType(SQLException.class).as("%s reading %s", role, table)
					.isThrownBy(() -> execute(role, "select count(*) from " + table))
					.satisfies(refusal -> assertThat(refusal.getSQLState()).isEqualTo(REFUSED));
		}
	}

	private void execute(String role, String sql) throws SQLException {
		try (var connection = DriverManager.getConnection(url, role, "");
				var statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}
}
