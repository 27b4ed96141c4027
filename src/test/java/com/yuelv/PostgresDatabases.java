package com.yuelv;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Fresh databases on the PostgreSQL server the tests run against (the machine's server on localhost:5432 unless
 * {@code YUELV_TEST_PG_HOST}, {@code YUELV_TEST_PG_PORT} and {@code YUELV_TEST_PG_USER} say otherwise).
 */
public final class PostgresDatabases {

	static final String HOST = env("YUELV_TEST_PG_HOST", "localhost");
	static final String PORT = env("YUELV_TEST_PG_PORT", "5432");
	public static final String USER = env("YUELV_TEST_PG_USER", "postgres");

	private PostgresDatabases() {}

	/** Drops and creates the named database, and returns its JDBC URL. */
	public static String recreate(String name) {
		try (var connection = DriverManager.getConnection(url("postgres"), USER, "");
				var statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name + " with (force)");
			statement.execute("create database " + name);
			return url(name);
		}
		catch (SQLException e) {
			throw new IllegalStateException("PostgreSQL at %s:%s is needed for this test".formatted(HOST, PORT), e);
		}
	}

	static String url(String database) {
		return "jdbc:postgresql://%s:%s/%s".formatted(HOST, PORT, database);
	}

	private static String env(String name, String fallback) {
		var value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}
}
