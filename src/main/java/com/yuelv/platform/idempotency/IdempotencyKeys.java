package com.yuelv.platform.idempotency;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import com.yuelv.shared.FieldCipher;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keys callers sent with unsafe requests, in {@code platform.idempotency_keys}: per caller and key, the request's
 * fingerprint, whether it is still running, and once it ended its outcome. Each statement commits on its own: a key
 * is claimed before the request runs and settled after it, around the request's own transactions.
 * <p>
 * The claim is the primary key: of concurrent requests with one key exactly one inserts the row and runs; the others
 * find it. A row still running after {@link IdempotencySettings#abandonedAfter()} belonged to a process that died, and
 * the next retry takes it over. Every shape of the application shares the table, so a retry that reaches another
 * replica, or another deployment after the season changed, finds the key.
 */
class IdempotencyKeys {

	private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeys.class);
	private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};
	/** The column's size: the headers that describe an answer are far shorter. */
	private static final int LONGEST_HEADERS = 16_000;

	/** What became of an attempt to claim a key for a request. */
	sealed interface Claim {
		/**
		 * The key is new (or was abandoned): the request runs, and its outcome is recorded under the claim's token,
		 * so that a request whose key was taken over meanwhile changes nothing of the one that took it.
		 */
		record Granted(UUID token) implements Claim {}

		/** The first request with the key is still running. */
		record InProgress() implements Claim {}

		/** The key was used for a different request. */
		record Mismatch() implements Claim {}

		/** The first request with the key ended so: it is answered again. */
		record Replay(Outcome outcome) implements Claim {}
	}

	/** An answer as it is replayed: status, the headers that describe it, body. */
	record Outcome(int status, Map<String, List<String>> headers, byte[] body) {}

	/** The keys stored answers are sealed with. */
	static final String KEYS = "platform";

	private final JdbcClient jdbc;
	private final JsonMapper json;
	private final IdempotencySettings settings;
	private final Clock clock;
	private final FieldCipher cipher;

	IdempotencyKeys(JdbcClient jdbc, JsonMapper json, IdempotencySettings settings, Clock clock, FieldCipher cipher) {
		this.cipher = cipher;
		this.jdbc = jdbc;
		this.json = json;
		this.settings = settings;
		this.clock = clock;
	}

	Claim claim(String caller, String key, String fingerprint, String request) {
		// a row that vanished or expired between reading and acting on it is looked at again; twice is plenty
		for (var attempt = 0; attempt < 3; attempt++) {
			var now = clock.instant();
			var token = UUID.randomUUID();
			try {
				jdbc.sql("""
						insert into platform.idempotency_keys (caller, idempotency_key, token, fingerprint, request,
						    running, started_at, expires_at) values (?, ?, ?, ?, ?, true, ?, ?)""")
						.params(caller, key, token, fingerprint, request, utc(now), utc(now.plus(settings.keepFor())))
						.update();
				return new Claim.Granted(token);
			}
			catch (DuplicateKeyException taken) {
				var found = find(caller, key);
				if (found == null) {
					continue;
				}
				if (!found.expiresAt().isAfter(now)) {
					jdbc.sql("delete from platform.idempotency_keys where caller = ? and idempotency_key = ? "
							+ "and expires_at <= ?").params(caller, key, utc(now)).update();
					continue;
				}
				if (!found.fingerprint().equals(fingerprint)) {
					return new Claim.Mismatch();
				}
				if (found.outcome() != null) {
					return new Claim.Replay(found.outcome());
				}
				if (found.startedAt().isAfter(now.minus(settings.abandonedAfter()))) {
					return new Claim.InProgress();
				}
				var takenOver = jdbc.sql("""
						update platform.idempotency_keys set started_at = ?, token = ? where caller = ?
						and idempotency_key = ? and running and started_at = ?""")
						.params(utc(now), token, caller, key, utc(found.startedAt())).update();
				if (takenOver == 1) {
					LOG.info("Idempotency key of {} for {} was abandoned at {}; running the request again", caller,
							request, found.startedAt());
					return new Claim.Granted(token);
				}
			}
		}
		return new Claim.InProgress();
	}

	/**
	 * Records the outcome of a granted claim, to be replayed until the key expires; an answer whose headers do not fit
	 * is not stored, and the claim is released.
	 */
	void complete(String caller, String key, UUID token, Outcome outcome) {
		var headers = json.writeValueAsString(outcome.headers());
		if (headers.length() > LONGEST_HEADERS) {
			release(caller, key, token);
			return;
		}
		jdbc.sql("""
				update platform.idempotency_keys set running = false, status = ?, headers = ?, body = ?
				where caller = ? and idempotency_key = ? and token = ? and running""")
				.params(outcome.status(), headers, seal(outcome.body()), caller, key, token).update();
	}

	/** Forgets a granted claim whose request has no outcome to replay, so that a retry runs it again. */
	void release(String caller, String key, UUID token) {
		jdbc.sql("delete from platform.idempotency_keys where caller = ? and idempotency_key = ? and token = ? "
				+ "and running").params(caller, key, token).update();
	}

	/** Forgets expired keys. */
	@Scheduled(initialDelayString = "10m", fixedDelayString = "1h")
	int purge() {
		var removed = jdbc.sql("delete from platform.idempotency_keys where expires_at <= ?")
				.param(utc(clock.instant())).update();
		LOG.debug("Forgot {} expired idempotency keys", removed);
		return removed;
	}

	private @Nullable Stored find(String caller, String key) {
		return jdbc.sql("""
				select fingerprint, running, started_at, expires_at, status, headers, body
				from platform.idempotency_keys where caller = ? and idempotency_key = ?""")
				.params(caller, key).query(this::stored).optional().orElse(null);
	}

	private Stored stored(ResultSet row, int number) throws SQLException {
		Outcome outcome = null;
		if (!row.getBoolean("running")) {
			var headers = row.getString("headers");
			var body = row.getBytes("body");
			outcome = new Outcome(row.getInt("status"), headers == null ? Map.of() : json.readValue(headers, HEADERS),
					body == null ? new byte[0] : open(body));
		}
		return new Stored(row.getString("fingerprint"), row.getObject("started_at", OffsetDateTime.class).toInstant(),
				row.getObject("expires_at", OffsetDateTime.class).toInstant(), outcome);
	}

	/**
	 * A stored answer may hold personal data (an account, a profile, a moment's place): it is kept sealed under the
	 * platform's keys, as the graded fields are in their modules.
	 */
	private byte[] seal(byte[] body) {
		return cipher.seal(KEYS, Base64.getEncoder().encodeToString(body)).getBytes(StandardCharsets.US_ASCII);
	}

	/** A stored answer; one stored before answers were sealed is as it was (a JSON body never begins so). */
	private byte[] open(byte[] stored) {
		var text = new String(stored, StandardCharsets.US_ASCII);
		return text.startsWith("enc:") ? Base64.getDecoder().decode(cipher.open(KEYS, text)) : stored;
	}

	private record Stored(String fingerprint, Instant startedAt, Instant expiresAt, @Nullable Outcome outcome) {}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}
}
