package com.yuelv.platform.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Erases people whose accounts closed, from every module and store: the process behind {@link ErasedPeople}, in
 * {@code platform.erasures} and {@code platform.erasure_passes}. Every deployment erases the modules it runs, one
 * replica per module and erasure at a time (a lease), so no erasure waits on a call between deployments:
 * <ol>
 * <li>each module of {@code yuelv.privacy.erasure-modules} erases the person at once;</li>
 * <li>each does it again once {@code yuelv.privacy.erasure-settle} has passed since its first pass and no unfinished
 * event publication names the person: what requests with a token not yet known to be revoked, or events already on
 * their way, wrote in between;</li>
 * <li>once every module made both, the platform's own stores are cleared (the answers kept for idempotent retries,
 * the completed event publications that name the person, the Redis keys that do) and the account id is forgotten;
 * the pseudonym stays.</li>
 * </ol>
 * A pass that fails is tried again after a pause that grows with its attempts; the problem is kept on its row.
 */
public class Erasures implements ErasedPeople {

	private static final Logger LOG = LoggerFactory.getLogger(Erasures.class);
	static final Duration LEASE = Duration.ofMinutes(5);
	static final Duration MAX_PAUSE = Duration.ofMinutes(5);
	private static final String NAMESPACE = "platform";

	private final JdbcClient jdbc;
	private final FieldCipher cipher;
	/** The erasures of this deployment's modules, found at first use: they ask this class who is erased. */
	private final ObjectProvider<PersonalDataErasure> erasures;
	private volatile @Nullable Map<String, PersonalDataErasure> local;
	private final PrivacySettings settings;
	private final Optional<StringRedisTemplate> redis;
	private final Clock clock;
	private final String holder = UUID.randomUUID().toString();

	Erasures(JdbcClient jdbc, FieldCipher cipher, ObjectProvider<PersonalDataErasure> erasures,
			PrivacySettings settings, Optional<StringRedisTemplate> redis, Clock clock) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.erasures = erasures;
		this.settings = settings;
		this.redis = redis;
		this.clock = clock;
	}

	/** An erasure under way. */
	record Pending(UUID pseudonym, UUID account) {

		UserId person() {
			return new UserId(account);
		}

		/** The text with the account id replaced by the pseudonym: what a log line or a stored problem may say. */
		String withoutId(String text) {
			return text.replace(account.toString(), pseudonym.toString());
		}
	}

	/**
	 * The erasures not finished, how long the oldest has waited, and how many module passes failed at their last
	 * attempt: what operators watch.
	 */
	public record Backlog(long unfinished, Duration oldestAge, long failing) {

		static final Backlog NONE = new Backlog(0, Duration.ZERO, 0);
	}

	/** A module's passes over an erasure. */
	private record Passes(@Nullable Instant first, @Nullable Instant second) {}

	@Override
	public void requestErasure(UserId person) {
		jdbc.sql("""
				insert into platform.erasures (pseudonym, account_id, requested_at)
				select :pseudonym, :account, :now where not exists
				    (select 1 from platform.erasures where pseudonym = :pseudonym)""")
			.param("pseudonym", pseudonymOf(person).value())
			.param("account", person.value())
			.param("now", at(clock.instant()))
			.update();
	}

	/** Also true for a pseudonym: the records kept under it are no one to write about. */
	@Override
	public boolean includesAnyOf(UserId... people) {
		if (people.length == 0) {
			return false;
		}
		var ids = Arrays.stream(people).map(UserId::value).toList();
		var pseudonyms = Arrays.stream(people).map(person -> pseudonymOf(person).value()).toList();
		return jdbc.sql("""
				select count(*) from platform.erasures
				where pseudonym in (:pseudonyms) or pseudonym in (:ids)""")
			.param("pseudonyms", pseudonyms)
			.param("ids", ids)
			.query(Long.class)
			.single() > 0;
	}

	@Override
	public UserId pseudonymOf(UserId person) {
		var index = cipher.blindIndex(NAMESPACE, "account:" + person.value());
		return new UserId(UUID.nameUUIDFromBytes(index.getBytes(StandardCharsets.US_ASCII)));
	}

	/** Advances every erasure under way: this deployment's modules' passes, and the end of those all passed. */
	public void advance() {
		List<Pending> waiting;
		try {
			waiting = pending();
		}
		catch (DataAccessException unreachable) {
			LOG.warn("The erasures under way cannot be read now, and are advanced later: {}", unreachable.getMessage());
			return;
		}
		for (var pending : waiting) {
			try {
				for (var module : settings.erasureModules()) {
					var erasure = local().get(module);
					if (erasure != null) {
						pass(pending, erasure);
					}
				}
				finishIfPassed(pending);
			}
			catch (DataAccessException unreachable) {
				LOG.warn("The erasure {} is advanced later: {}", pending.pseudonym(),
						pending.withoutId(String.valueOf(unreachable.getMessage())));
			}
		}
	}

	/** Makes the module's next pass over the erasure, if it is due and no other replica makes it. */
	private void pass(Pending pending, PersonalDataErasure erasure) {
		var module = erasure.module();
		var now = clock.instant();
		var passes = passes(pending, module);
		if (passes.second() != null) {
			return;
		}
		var second = passes.first() != null;
		if (second && (now.isBefore(passes.first().plus(settings.erasureSettle())) || unfinishedNaming(pending))) {
			return;
		}
		if (!lease(pending, module, now)) {
			return;
		}
		try {
			erasure.erase(pending.person());
			jdbc.sql("update platform.erasure_passes set " + (second ? "second_at" : "first_at") + """
					 = :now, claimed_by = null, claimed_until = null, problem = null
					where pseudonym = :pseudonym and module = :module and claimed_by = :holder""")
				.param("now", at(clock.instant()))
				.param("pseudonym", pending.pseudonym())
				.param("module", module)
				.param("holder", holder)
				.update();
		}
		catch (RuntimeException failed) {
			var problem = pending.withoutId(failed.getClass().getSimpleName() + ": " + failed.getMessage());
			var attempts = jdbc.sql("""
					select attempts from platform.erasure_passes where pseudonym = :pseudonym and module = :module""")
				.param("pseudonym", pending.pseudonym())
				.param("module", module)
				.query(Integer.class)
				.single() + 1;
			var pause = settings.erasureInterval().multipliedBy(1L << Math.min(attempts, 10));
			jdbc.sql("""
					update platform.erasure_passes set attempts = :attempts, problem = :problem, claimed_by = null,
					    claimed_until = :retry
					where pseudonym = :pseudonym and module = :module and claimed_by = :holder""")
				.param("attempts", attempts)
				.param("problem", problem.length() > 500 ? problem.substring(0, 500) : problem)
				.param("retry", at(clock.instant().plus(pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause)))
				.param("pseudonym", pending.pseudonym())
				.param("module", module)
				.param("holder", holder)
				.update();
			LOG.warn("The erasure {} did not pass through {} (attempt {}), and is tried again: {}",
					pending.pseudonym(), module, attempts, problem);
		}
	}

	/** Ends the erasure once every module made both passes: the platform's stores cleared, the account id forgotten. */
	private void finishIfPassed(Pending pending) {
		var passed = jdbc.sql("""
				select module from platform.erasure_passes where pseudonym = :pseudonym and second_at is not null""")
			.param("pseudonym", pending.pseudonym())
			.query(String.class)
			.list();
		if (!passed.containsAll(settings.erasureModules()) || unfinishedNaming(pending)) {
			return;
		}
		clearPlatformStores(pending.person());
		var finished = jdbc.sql("""
				update platform.erasures set account_id = null, finished_at = :now
				where pseudonym = :pseudonym and finished_at is null""")
			.param("now", at(clock.instant()))
			.param("pseudonym", pending.pseudonym())
			.update();
		if (finished == 1) {
			LOG.info("Erasure {} finished in every module and store", pending.pseudonym());
		}
	}

	/** Whether an event publication not finished yet names the person: its listener may still write about them. */
	private boolean unfinishedNaming(Pending pending) {
		return jdbc.sql("""
				select count(*) from platform.event_publication
				where completion_date is null and serialized_event like :id""")
			.param("id", "%" + pending.account() + "%")
			.query(Long.class)
			.single() > 0;
	}

	/** Clears the platform's own stores of the person. */
	private void clearPlatformStores(UserId person) {
		var id = "%" + person.value() + "%";
		jdbc.sql("delete from platform.event_publication where completion_date is not null and serialized_event like :id")
			.param("id", id)
			.update();
		// the person's own retries, and other people's requests about them (a follow, a block)
		jdbc.sql("delete from platform.idempotency_keys where caller = :caller or request like :id")
			.param("caller", person.value().toString())
			.param("id", id)
			.update();
		redis.ifPresent(template -> {
			try (var keys = template.scan(ScanOptions.scanOptions().match("yuelv:*" + person.value() + "*")
				.count(1000).build())) {
				keys.forEachRemaining(template::delete);
			}
		});
	}

	/** The erasures under way, as they stand now. */
	public Backlog backlog() {
		var now = clock.instant();
		return jdbc.sql("""
				select count(*) as unfinished, min(requested_at) as oldest,
				    (select count(*) from platform.erasure_passes p join platform.erasures e on e.pseudonym = p.pseudonym
				     where e.finished_at is null and p.problem is not null) as failing
				from platform.erasures where finished_at is null""")
			.query((row, n) -> {
				var oldest = instant(row.getObject("oldest", OffsetDateTime.class));
				var age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
				return new Backlog(row.getLong("unfinished"), age, row.getLong("failing"));
			})
			.single();
	}

	private Passes passes(Pending pending, String module) {
		jdbc.sql("""
				insert into platform.erasure_passes (pseudonym, module)
				select :pseudonym, :module where not exists
				    (select 1 from platform.erasure_passes where pseudonym = :pseudonym and module = :module)""")
			.param("pseudonym", pending.pseudonym())
			.param("module", module)
			.update();
		return jdbc.sql("""
				select first_at, second_at from platform.erasure_passes
				where pseudonym = :pseudonym and module = :module""")
			.param("pseudonym", pending.pseudonym())
			.param("module", module)
			.query((row, n) -> new Passes(instant(row.getObject("first_at", OffsetDateTime.class)),
					instant(row.getObject("second_at", OffsetDateTime.class))))
			.single();
	}

	private boolean lease(Pending pending, String module, Instant now) {
		return jdbc.sql("""
				update platform.erasure_passes set claimed_by = :holder, claimed_until = :until
				where pseudonym = :pseudonym and module = :module
				  and (claimed_until is null or claimed_until < :now)""")
			.param("holder", holder)
			.param("until", at(now.plus(LEASE)))
			.param("now", at(now))
			.param("pseudonym", pending.pseudonym())
			.param("module", module)
			.update() == 1;
	}

	private Map<String, PersonalDataErasure> local() {
		var found = local;
		if (found == null) {
			var byModule = new TreeMap<String, PersonalDataErasure>();
			erasures.orderedStream().forEach(erasure -> byModule.put(erasure.module(), erasure));
			found = Collections.unmodifiableMap(byModule);
			local = found;
		}
		return found;
	}

	private List<Pending> pending() {
		return new ArrayList<>(jdbc.sql("""
				select pseudonym, account_id from platform.erasures
				where finished_at is null and account_id is not null order by requested_at""")
			.query((row, n) -> new Pending(row.getObject("pseudonym", UUID.class),
					row.getObject("account_id", UUID.class)))
			.list());
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
		return at == null ? null : at.toInstant();
	}
}
