package com.yuelv.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.yuelv.shared.Rejection;

/**
 * Brute-force protection for logins, counted in the database so that it holds across replicas and restarts. Failures
 * are counted by the email that was tried (registered or not, so the answer tells nothing about which emails exist)
 * and the client's address; the email by its blind index ({@link EmailIndexes}), so none is stored here:
 * <ul>
 * <li>too many failures for one email from one address make that address wait before trying that email again;</li>
 * <li>too many failures from one address, whatever the emails, make that address wait for all of them;</li>
 * <li>too many failures for one email from all addresses together (guesses spread over many addresses) make every
 * address wait for that email, except the addresses it logged in from lately.</li>
 * </ul>
 * So an attacker cannot lock the account's owner out: the owner's usual addresses stay free, and the owner from a new
 * address waits at most one window. A success from an address clears that address's failures for the email and makes
 * it a known address of the email. The wait ends when the oldest counted failure leaves the window.
 * <p>
 * An attempt is recorded as a failure before its password is checked, and the check counts it: attempts sent in
 * parallel thus count each other, and a burst gets no more guesses than the limit allows one after the other. An
 * attempt refused for waiting is no guess and leaves no record; one that succeeds clears the record.
 */
@Component
class LoginThrottle {

	private final JdbcClient jdbc;
	private final Clock clock;
	private final IdentitySettings.LoginThrottleSettings settings;

	LoginThrottle(JdbcClient jdbc, Clock clock, IdentitySettings settings) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = settings.loginThrottle();
	}

	/**
	 * Begins a login attempt: records it as a failure (until it {@linkplain #succeeded succeeds}) and refuses it if
	 * the address must wait, counting every attempt recorded so far, parallel ones included.
	 *
	 * @throws Rejection a 429 {@code login-throttled} with the time to wait
	 */
	void begin(String email, String address) {
		var attempt = UUID.randomUUID();
		jdbc.sql("insert into identity.login_failures (id, email, client_address, failed_at) values (?, ?, ?, ?)")
				.params(attempt, email, address, at(clock.instant())).update();
		try {
			check(email, address);
		}
		catch (Rejection mustWait) {
			jdbc.sql("delete from identity.login_failures where id = ?").param(attempt).update();
			throw mustWait;
		}
	}

	/** Refuses an attempt (recorded already, so one more than each limit is counted) that must wait. */
	private void check(String email, String address) {
		var since = at(clock.instant().minus(settings.window()));
		var forEmail = oldestOfLast(settings.perAccountAndAddress() + 1, """
				select failed_at from identity.login_failures
				where email = ? and client_address = ? and failed_at > ? order by failed_at desc""", email, address,
				since);
		var forAddress = oldestOfLast(settings.perAddress() + 1, """
				select failed_at from identity.login_failures
				where client_address = ? and failed_at > ? order by failed_at desc""", address, since);
		var forAccount = oldestOfLast(settings.perAccount() + 1, """
				select failed_at from identity.login_failures
				where email = ? and failed_at > ? order by failed_at desc""", email, since)
				.filter(ignored -> !known(email, address));
		var until = Stream.of(forEmail, forAddress, forAccount).flatMap(Optional::stream).max(Instant::compareTo)
				.map(oldest -> oldest.plus(settings.window()));
		if (until.isPresent()) {
			throw Rejection.throttled("login-throttled", "Too many failed logins from this address; try again later.",
					Duration.between(clock.instant(), until.get()));
		}
	}

	/** Forgets every failure and known address of the email: its account closed. */
	void forget(String email) {
		jdbc.sql("delete from identity.login_failures where email = ?").param(email).update();
		jdbc.sql("delete from identity.login_known_addresses where email = ?").param(email).update();
	}

	void succeeded(String email, String address) {
		jdbc.sql("delete from identity.login_failures where email = ? and client_address = ?").params(email, address)
				.update();
		var now = at(clock.instant());
		var updated = jdbc.sql("""
				update identity.login_known_addresses set succeeded_at = ? where email = ? and client_address = ?""")
				.params(now, email, address).update();
		if (updated == 0) {
			try {
				jdbc.sql("""
						insert into identity.login_known_addresses (email, client_address, succeeded_at)
						values (?, ?, ?)""").params(email, address, now).update();
			}
			catch (DuplicateKeyException raced) {
				// a concurrent success from the same address recorded it first
			}
		}
	}

	/** Whether the email logged in from the address lately. */
	private boolean known(String email, String address) {
		return jdbc.sql("""
				select count(*) from identity.login_known_addresses
				where email = ? and client_address = ? and succeeded_at > ?""")
				.params(email, address, at(clock.instant().minus(settings.knownAddressFor())))
				.query(Long.class).single() > 0;
	}

	/** Forgets failures that no longer count. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
	void purge() {
		jdbc.sql("delete from identity.login_failures where failed_at < ?")
				.param(at(clock.instant().minus(settings.window()))).update();
		jdbc.sql("delete from identity.login_known_addresses where succeeded_at < ?")
				.param(at(clock.instant().minus(settings.knownAddressFor()))).update();
	}

	/**
	 * When the {@code count}-th most recent failure happened, if there were that many in the window: with the
	 * attempt being checked the most recent, the oldest of the failures before it that reach the limit.
	 */
	private Optional<Instant> oldestOfLast(int count, String sql, Object... parameters) {
		var recent = jdbc.sql(sql + " fetch first " + count + " rows only").params(parameters)
				.query(java.time.OffsetDateTime.class).list();
		return recent.size() < count ? Optional.empty() : Optional.of(recent.getLast().toInstant());
	}

	/** A moment as JDBC drivers take it (PostgreSQL's does not take an {@link Instant}). */
	private static java.time.OffsetDateTime at(Instant instant) {
		return instant.atOffset(java.time.ZoneOffset.UTC);
	}
}
