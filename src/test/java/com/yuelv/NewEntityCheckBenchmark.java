package com.yuelv;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.domain.Persistable;
import org.springframework.data.util.DirectFieldAccessFallbackBeanWrapper;

/**
 * What telling a new entity from a stored one costs on each save, three ways: the entity answers itself
 * ({@link Persistable}), or Spring Data JPA reads its {@code @Version} the way {@code JpaMetamodelEntityInformation}
 * does, through a bean wrapper, once for a field without a getter (the wrapper's property read fails and it falls back
 * to the field) and once with a getter. Beside them, for scale, what the save itself costs at the least: one row
 * inserted into the machine's PostgreSQL and committed. Run with {@code bench/jmh.sh NewEntityCheckBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = { "-Xms512m", "-Xmx512m" })
@Threads(1)
public class NewEntityCheckBenchmark {

	final SelfTelling selfTelling = new SelfTelling();
	final VersionField versionField = new VersionField();
	final VersionGetter versionGetter = new VersionGetter();
	Connection connection;
	PreparedStatement insert;

	@Setup(Level.Trial)
	public void connect() throws SQLException {
		connection = DriverManager.getConnection(PostgresDatabases.recreate("yuelv_bench_save"), PostgresDatabases.USER,
				"");
		try (var statement = connection.createStatement()) {
			statement.execute("create table saved (id uuid primary key, version bigint not null)");
		}
		insert = connection.prepareStatement("insert into saved (id, version) values (?, 0)");
	}

	@TearDown(Level.Trial)
	public void disconnect() throws SQLException {
		connection.close();
	}

	@Benchmark
	public boolean entityAnswers() {
		return selfTelling.isNew();
	}

	@Benchmark
	public boolean versionReadFromField() {
		return new DirectFieldAccessFallbackBeanWrapper(versionField).getPropertyValue("version") == null;
	}

	@Benchmark
	public boolean versionReadThroughGetter() {
		return new DirectFieldAccessFallbackBeanWrapper(versionGetter).getPropertyValue("version") == null;
	}

	@Benchmark
	public int rowInserted() throws SQLException {
		insert.setObject(1, UUID.randomUUID());
		return insert.executeUpdate();
	}

	public static class SelfTelling implements Persistable<UUID> {

		final UUID id = UUID.randomUUID();
		@Nullable Long version = 3L;

		@Override
		public UUID getId() {
			return id;
		}

		@Override
		public boolean isNew() {
			return version == null;
		}
	}

	public static class VersionField {

		final UUID id = UUID.randomUUID();
		@Nullable Long version = 3L;
	}

	public static class VersionGetter {

		final UUID id = UUID.randomUUID();
		@Nullable Long version = 3L;

		public @Nullable Long getVersion() {
			return version;
		}
	}
}
