package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code deploy/database/move-schema.sh} moving booking's schema from one PostgreSQL server to another while booking
 * goes on writing: the source is a server of the test's own with {@code wal_level=logical}, the target a database of
 * the machine's server. Every row committed before the fence is at the target, the writes after it are refused, the
 * migrations' history and the inbox entries of the module come along, and the module's migrations find the target up
 * to date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MoveSchemaTests {

	static final String TARGET = "yuelv_it_move";
	static final String[] MODULES = { "platform", "identity", "notification", "trip", "booking", "geo" };

	ThrowawayPostgres source;
	String targetUrl;

	@BeforeAll
	void prepare() throws Exception {
		source = ThrowawayPostgres.start("wal_level=logical");
		superuser(source.url("postgres")).sql("create database yuelv").update();
		dropLeftoverSubscriptions();
		targetUrl = PostgresDatabases.recreate(TARGET);
		roles(source.url("yuelv"));
		for (var module : MODULES) {
			migrate(source.url("yuelv"), module);
		}
	}

	@AfterAll
	void stop() throws Exception {
		if (source != null) {
			script("abort", "booking");
			source.close();
		}
	}

	@Test
	@Order(1)
	void refusesASourceWithoutLogicalReplication() throws Exception {
		var refused = script("start", "booking", "--from", machine("postgres"), "--to", machine(TARGET));

		assertThat(refused.status()).isEqualTo(2);
		assertThat(refused.output()).contains("wal_level is replica").contains("wal_level=logical");
		assertThat(superuser(targetUrl).sql("select count(*) from pg_namespace where nspname = 'booking'")
				.query(Long.class).single()).as("nothing changed at the target").isZero();
	}

	@Test
	@Order(2)
	void movesBookingsSchemaWhileBookingWrites() throws Exception {
		var sourceRole = asTrips(source.url("yuelv"));
		var rosters = new ArrayList<UUID>();
		for (int i = 0; i < 20; i++) {
			var trip = UUID.randomUUID();
			rosters.add(trip);
			sourceRole.sql("""
					insert into booking.rosters (trip_id, organizer_id, trip_title, start_date, end_date, capacity,
					    taken, offered, cancelled, created_at, version)
					values (?, ?, '丽江古城 · 五日', date '2027-05-01', date '2027-05-05', 12, 0, 0, false, now(), 0)""")
					.params(trip, UUID.randomUUID()).update();
		}
		var bookingsEvent = UUID.randomUUID();
		var tripsEvent = UUID.randomUUID();
		sourceRole.sql("insert into platform.event_inbox values (?, 'booking', 'trip.TripPublished', now()), "
				+ "(?, 'trip', 'booking.JoinRequestAccepted', now())").params(bookingsEvent, tripsEvent).update();

		superuser(source.url("yuelv")).sql("""
				insert into platform.data_keysets (module, keyset, index_keyset, version, updated_at)
				values ('booking', 'sealed keys of booking', 'index keys of booking', 3, now()),
				       ('trip', 'sealed keys of trip', 'index keys of trip', 1, now())""").update();

		var committed = ConcurrentHashMap.<UUID>newKeySet();
		var refusal = new AtomicReference<SQLException>();
		var writer = CompletableFuture.runAsync(() -> write(rosters, committed, refusal));

		var started = script("start", "booking", "--from", source.conninfo("yuelv"), "--to", machine(TARGET));
		assertThat(started.status()).as(started.output()).isZero();
		awaitCopied();
		var beforeSwitch = committed.size();
		var switched = script("switch", "booking", "--from", source.conninfo("yuelv"), "--to", machine(TARGET),
				"--timeout", "60");
		writer.get(30, TimeUnit.SECONDS);

		assertThat(switched.status()).as(switched.output()).isZero();
		assertThat(switched.output()).contains("Switched booking");
		assertThat(committed.size()).as("the module wrote while the copy ran").isGreaterThan(beforeSwitch);
		assertThat((Throwable) refusal.get()).as("the write after the fence").isNotNull();
		assertThat(refusal.get().getSQLState()).isIn("42501", "42P01");

		var target = superuser(targetUrl);
		List<UUID> moved = target.sql("select id from booking.join_requests").query(UUID.class).list();
		assertThat(moved).as("every request committed at the source, once")
				.containsExactlyInAnyOrderElementsOf(committed);
		assertThat(target.sql("select sum(version) from booking.rosters").query(Long.class).single())
				.as("every update too").isEqualTo(committed.size());
		assertThat(target.sql("select event_id from platform.event_inbox").query(UUID.class).list())
				.as("the module's inbox entries, not the others'").containsExactly(bookingsEvent);
		assertThat(target.sql("select module || ' ' || keyset || ' ' || version from platform.data_keysets")
				.query(String.class).list()).as("the module's data keys, not the others'")
				.containsExactly("booking sealed keys of booking 3");

		var origin = superuser(source.url("yuelv"));
		assertThat(origin.sql("select nspname from pg_namespace where nspname like 'booking%'").query(String.class)
				.list()).as("the source's copy out of the way").containsExactly("booking_moved");
		assertThat(origin.sql("select count(*) from pg_replication_slots").query(Long.class).single()).isZero();
		assertThat(origin.sql("select count(*) from pg_publication").query(Long.class).single()).isZero();

		roles(targetUrl);
		var applied = Flyway.configure().dataSource(targetUrl, "yuelv_owner", "")
				.locations("classpath:db/migration/booking").table("flyway_schema_history_booking")
				.baselineOnMigrate(true).baselineVersion("0").load().migrate();
		assertThat(applied.migrationsExecuted).as("the history came along").isZero();
		assertThat(asTrips(targetUrl).sql("update booking.rosters set taken = 1 where trip_id = ?")
				.param(rosters.getFirst()).update()).as("the deployment's role writes at the target").isOne();
	}

	/** Booking's writes, as its deployment's role, until the source refuses them. */
	private void write(List<UUID> rosters, Set<UUID> committed, AtomicReference<SQLException> refusal) {
		var deadline = Instant.now().plus(Duration.ofSeconds(90));
		try (var connection = DriverManager.getConnection(source.url("yuelv"), "yuelv_trips", "")) {
			connection.setAutoCommit(false);
			for (int i = 0; Instant.now().isBefore(deadline); i++) {
				var id = UUID.randomUUID();
				var trip = rosters.get(i % rosters.size());
				try (var insert = connection.prepareStatement("""
						insert into booking.join_requests (id, trip_id, traveler_id, message, status, requested_at,
						    version)
						values (?, ?, ?, '同行吗？', 'PENDING', now(), 0)""");
						var update = connection.prepareStatement(
								"update booking.rosters set version = version + 1 where trip_id = ?")) {
					insert.setObject(1, id);
					insert.setObject(2, trip);
					insert.setObject(3, UUID.randomUUID());
					insert.executeUpdate();
					update.setObject(1, trip);
					update.executeUpdate();
					connection.commit();
					committed.add(id);
				}
				catch (SQLException e) {
					refusal.set(e);
					return;
				}
				Thread.sleep(5);
			}
		}
		catch (SQLException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	private void awaitCopied() throws Exception {
		var deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			var status = script("status", "booking", "--from", source.conninfo("yuelv"), "--to", machine(TARGET));
			assertThat(status.status()).as(status.output()).isZero();
			if (!status.output().matches("(?s).*\\b(waiting|copying|catching-up)\\b.*")) {
				assertThat(status.output()).contains("booking.join_requests streaming");
				return;
			}
			assertThat(Instant.now()).as(status.output()).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	/** A subscription left by an interrupted run cannot be dropped with the database while it owns a slot. */
	private void dropLeftoverSubscriptions() {
		var postgres = superuser(PostgresDatabases.url("postgres"));
		if (postgres.sql("select count(*) from pg_database where datname = ?").param(TARGET).query(Long.class)
				.single() == 0) {
			return;
		}
		var target = superuser(PostgresDatabases.url(TARGET));
		for (var name : target.sql("select subname from pg_subscription").query(String.class).list()) {
			target.sql("alter subscription " + name + " disable").update();
			target.sql("alter subscription " + name + " set (slot_name = none)").update();
			target.sql("drop subscription " + name).update();
		}
	}

	private static void migrate(String url, String module) {
		Flyway.configure().dataSource(url, "yuelv_owner", "").locations("classpath:db/migration/" + module)
				.table("flyway_schema_history_" + module).baselineOnMigrate(true).baselineVersion("0").load().migrate();
	}

	private static void roles(String url) throws IOException, SQLException {
		try (var connection = DriverManager.getConnection(url, "postgres", "");
				var statement = connection.createStatement()) {
			statement.execute(Files.readString(Path.of("deploy", "database", "peak-season.sql")));
		}
	}

	private static JdbcClient superuser(String url) {
		return JdbcClient.create(new DriverManagerDataSource(url, "postgres", ""));
	}

	private static JdbcClient asTrips(String url) {
		return JdbcClient.create(new DriverManagerDataSource(url, "yuelv_trips", ""));
	}

	private static String machine(String database) {
		return "host=%s port=%s dbname=%s user=%s".formatted(PostgresDatabases.HOST, PostgresDatabases.PORT,
				database, PostgresDatabases.USER);
	}

	private static Result script(String... arguments) throws IOException, InterruptedException {
		var command = new ArrayList<>(List.of("bash", "deploy/database/move-schema.sh"));
		command.addAll(List.of(arguments));
		var process = new ProcessBuilder(command).redirectErrorStream(true).start();
		var output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("move-schema.sh did not end: " + output);
		}
		return new Result(process.exitValue(), output);
	}

	record Result(int status, String output) {
	}
}
