package com.yuelv.platform.traffic;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The versions of each deployment's traffic settings, in {@code platform.traffic_settings}. */
class TrafficSettingsStore {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

	/** One version: the overrides in force from it on, what it changed, who and when. */
	record Version(long number, long parent, TrafficOverrides overrides, Map<String, Object> change, String who,
			Instant when) {}

	/** Another change was stored from the same version first. */
	static final class ConcurrentChange extends RuntimeException {

		ConcurrentChange(Throwable cause) {
			super("another change was made from the same version", cause);
		}
	}

	private final JdbcClient jdbc;
	private final JsonMapper json;

	TrafficSettingsStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The number of the deployment's latest version, 0 if it has none. */
	long latestNumber(String deployment) {
		return jdbc.sql("select coalesce(max(version), 0) from platform.traffic_settings where deployment = ?")
			.param(deployment)
			.query(Long.class)
			.single();
	}

	Optional<Version> latest(String deployment) {
		return jdbc.sql("select * from platform.traffic_settings where deployment = ? order by version desc limit 1")
			.param(deployment)
			.query(this::version)
			.optional();
	}

	Optional<Version> find(String deployment, long number) {
		return jdbc.sql("select * from platform.traffic_settings where deployment = ? and version = ?")
			.params(deployment, number)
			.query(this::version)
			.optional();
	}

	/** The deployment's latest versions, newest first. */
	List<Version> history(String deployment, int most) {
		return jdbc.sql("select * from platform.traffic_settings where deployment = ? order by version desc limit ?")
			.params(deployment, most)
			.query(this::version)
			.list();
	}

	/**
	 * Stores a version made from {@code parent} (0 for the first); returns its number.
	 * @throws ConcurrentChange when another version was made from the same parent first
	 */
	long append(String deployment, long parent, TrafficOverrides overrides, Map<String, Object> change, String who,
			Instant when) {
		var keys = new GeneratedKeyHolder();
		try {
			jdbc.sql("""
					insert into platform.traffic_settings (deployment, parent, overrides, change, changed_by, changed_at)
					values (?, ?, ?, ?, ?, ?)""")
				.params(deployment, parent, json.writeValueAsString(overrides.toMap()), json.writeValueAsString(change),
						who, OffsetDateTime.ofInstant(when, ZoneOffset.UTC))
				.update(keys, "version");
		}
		catch (DuplicateKeyException e) {
			throw new ConcurrentChange(e);
		}
		return keys.getKeyAs(Long.class);
	}

	private Version version(ResultSet row, int number) throws SQLException {
		return new Version(row.getLong("version"), row.getLong("parent"),
				TrafficOverrides.fromMap(json.readValue(row.getString("overrides"), MAP)),
				json.readValue(row.getString("change"), MAP), row.getString("changed_by"),
				row.getObject("changed_at", OffsetDateTime.class).toInstant());
	}
}
