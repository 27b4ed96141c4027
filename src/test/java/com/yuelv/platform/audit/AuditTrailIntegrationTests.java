package com.yuelv.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.shared.AuditTrail;

/**
 * The audit trail: what identity records of logins, sessions and roles (by ids, never an email), the chain's check
 * finding an edited, a removed and a cut-off entry, pruning that keeps the chain verifiable, appends from many threads
 * numbered without gaps, an entry rolled back with its transaction, and the endpoint only admins may read. Tests
 * that damage the chain repair it before they end, as the other tests of the context append to the same trail.
 */
@EmbeddedModeTest
class AuditTrailIntegrationTests extends ApiTestSupport {

	@Autowired AuditLog log;
	@Autowired AuditTrail trail;
	@Autowired PlatformTransactionManager transactions;
	@Autowired com.yuelv.shared.ErasedPeople erasedPeople;

	/** How the trail names an account: by its pseudonym, never its id. */
	private String pseudonymous(java.util.UUID account) {
		return "account:" + erasedPeople.pseudonymOf(new com.yuelv.shared.UserId(account)).value();
	}

	@Test
	void identityRecordsLoginsSessionsAndRolesByIdOnly() {
		var person = api.register("Audited Traveler");
		var subject = "account:" + person.id();

		assertThat(api.post("/api/v1/auth/login", Map.of("email", person.email(), "password", "not the passphrase"),
				null).status()).isEqualTo(401);
		var login = api.logIn(person.email());
		api.post("/api/v1/auth/refresh", Map.of("refreshToken", login.refreshToken()), null);
		assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", login.refreshToken()), null).status())
				.isEqualTo(401);
		var again = api.logIn(person.email());
		api.post("/api/v1/auth/logout", Map.of("refreshToken", again.refreshToken()), again.accessToken());
		var admin = admin();
		assertThat(api.put("/api/v1/admin/accounts/" + person.id() + "/roles", Map.of("roles", List.of("ADMIN")),
				admin.token()).status()).isEqualTo(200);

		var page = api.get("/actuator/audit?subject=" + subject, admin.token());
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		List<String> actions = page.at("$.entries[*].action");
		// registering logs the new traveler in
		assertThat(actions).containsExactly("roles-changed", "logged-out", "login-succeeded", "refresh-token-reused",
				"login-succeeded", "login-failed", "login-succeeded", "account-registered");
		assertThat(page.<String>at("$.entries[0].actor")).isEqualTo(pseudonymous(java.util.UUID.fromString(admin.id())));
		assertThat(page.<List<String>>at("$.entries[0].details.after")).containsExactly("ADMIN", "TRAVELER");
		assertThat(page.<Boolean>at("$.entries[0].details.tokensRevoked")).isFalse();
		assertThat(page.<String>at("$.entries[5].details.reason")).isEqualTo("wrong-password");
		assertThat(page.<String>at("$.entries[5].details.address")).isNotBlank();
		assertThat(page.<List<String>>at("$.entries[*].subject")).containsOnly(pseudonymous(person.id()));
		assertThat(page.body()).doesNotContain(person.email()).doesNotContain("Audited Traveler")
				.doesNotContain(person.id().toString())
				.doesNotContain(login.refreshToken()).doesNotContain(Api.PASSWORD);

		var unknown = api.post("/api/v1/auth/login",
				Map.of("email", "nobody-" + person.id() + "@yuelv.test", "password", "whatever it is"), null);
		assertThat(unknown.status()).isEqualTo(401);
		var failed = api.get("/actuator/audit?action=login-failed&limit=1", admin.token());
		assertThat(failed.<String>at("$.entries[0].details.reason")).isEqualTo("unknown-email");
		assertThat(failed.<Object>optional("$.entries[0].subject")).isNull();
		assertThat(failed.body()).doesNotContain("nobody-");

		assertThat(log.verify().intact()).isTrue();
	}

	@Test
	void theCheckFindsAnEditedEntry() {
		var seq = append("edited");
		var details = jdbc.sql("select details from platform.audit_entries where seq = ?").param(seq)
			.query(String.class).single();
		jdbc.sql("update platform.audit_entries set details = ? where seq = ?").params("{\"n\":\"forged\"}", seq)
			.update();
		try {
			var check = log.verify();
			assertThat(check.intact()).isFalse();
			assertThat(check.brokenAt()).isEqualTo(seq);
			assertThat(check.problem()).isEqualTo("entry %d was changed after it was recorded".formatted(seq));
		}
		finally {
			jdbc.sql("update platform.audit_entries set details = ? where seq = ?").params(details, seq).update();
		}
		assertThat(log.verify().intact()).isTrue();
	}

	@Test
	void theCheckFindsARemovedEntryAndEntriesCutOffTheEnd() {
		var middle = append("removed");
		var last = append("last");
		var removed = rows(middle, last);
		jdbc.sql("delete from platform.audit_entries where seq = ?").param(middle).update();
		try {
			var check = log.verify();
			assertThat(check.intact()).isFalse();
			assertThat(check.brokenAt()).isEqualTo(middle);
			assertThat(check.problem()).isEqualTo("entries %d to %d are missing".formatted(middle, middle));

			jdbc.sql("delete from platform.audit_entries where seq = ?").param(last).update();
			var cut = log.verify();
			assertThat(cut.intact()).isFalse();
			assertThat(cut.problem()).isEqualTo("entries %d to %d are missing".formatted(middle, last));
		}
		finally {
			restore(removed);
		}
		assertThat(log.verify().intact()).isTrue();
	}

	@Test
	void pruningRecordsHowFarItWentAndTheChainStaysVerifiable() {
		append("before pruning");
		var kept = append("kept");
		var keptAt = jdbc.sql("select recorded_at from platform.audit_entries where seq = ?").param(kept)
			.query(java.time.OffsetDateTime.class).single().toInstant();

		var deleted = log.prune(keptAt);

		assertThat(deleted).isPositive();
		var first = jdbc.sql("select min(seq) from platform.audit_entries").query(Long.class).single();
		assertThat(first).isEqualTo(kept);
		var pruning = log.find(new AuditLog.Query(AuditLog.PRUNED, null, null, null, 1)).getFirst();
		assertThat(pruning.details()).contains("\"through\":" + (kept - 1));
		var check = log.verify();
		assertThat(check.intact()).as(String.valueOf(check.problem())).isTrue();
		assertThat(check.firstSeq()).isEqualTo(kept);
		assertThat(log.prune(keptAt)).isZero();
	}

	@Test
	void appendsFromManyThreadsAreNumberedWithoutGaps() throws Exception {
		var before = head();
		var tasks = new ArrayList<Callable<Void>>();
		for (int thread = 0; thread < 8; thread++) {
			var name = "thread-" + thread;
			tasks.add(() -> {
				for (int i = 0; i < 20; i++) {
					trail.record("test-entry", name, null, Map.of("n", i));
				}
				return null;
			});
		}
		try (var pool = Executors.newFixedThreadPool(8)) {
			for (var done : pool.invokeAll(tasks)) {
				done.get();
			}
		}
		assertThat(head()).isEqualTo(before + 160);
		var numbers = jdbc.sql("select seq from platform.audit_entries where seq > ? order by seq").param(before)
			.query(Long.class).list();
		assertThat(numbers).hasSize(160).first().isEqualTo(before + 1);
		assertThat(numbers.getLast()).isEqualTo(before + 160);
		assertThat(log.verify().intact()).isTrue();
	}

	@Test
	void anEntryRecordedInATransactionThatRollsBackIsNotKept() {
		var before = head();
		new TransactionTemplate(transactions).executeWithoutResult(status -> {
			trail.record("test-entry", "rolled-back", null, Map.of());
			status.setRollbackOnly();
		});
		assertThat(head()).isEqualTo(before);
		assertThat(log.find(new AuditLog.Query(null, "rolled-back", null, null, 1))).isEmpty();
		assertThat(log.verify().intact()).isTrue();
	}

	@Test
	void onlyAdminsReadTheTrailAndBadQueriesAreProblems() {
		var traveler = api.register("Curious Traveler");
		assertThat(api.get("/actuator/audit", traveler.accessToken()).status()).isEqualTo(403);
		assertThat(api.get("/actuator/audit/verification", null).status()).isEqualTo(401);

		var admin = admin();
		var tooMany = api.get("/actuator/audit?limit=1000", admin.token());
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.string("$.detail")).contains("limit must be from 1 to 200");
		assertThat(api.get("/actuator/audit/elsewhere", admin.token()).status()).isEqualTo(400);

		var verification = api.get("/actuator/audit/verification", admin.token());
		assertThat(verification.status()).isEqualTo(200);
		assertThat(verification.<Boolean>at("$.intact")).isTrue();
		assertThat(verification.<String>at("$.headHash")).hasSize(64);

		append("paged");
		append("paged");
		var firstPage = api.get("/actuator/audit?action=test-entry&limit=1", admin.token());
		long next = ((Number) firstPage.at("$.next")).longValue();
		var secondPage = api.get("/actuator/audit?action=test-entry&limit=1&before=" + next, admin.token());
		assertThat(((Number) secondPage.at("$.entries[0].seq")).longValue()).isLessThan(next);
	}

	private long append(String what) {
		trail.record("test-entry", "test", null, Map.of("n", what));
		return head();
	}

	private long head() {
		return jdbc.sql("select seq from platform.audit_head where id = 1").query(Long.class).single();
	}

	private List<Map<String, Object>> rows(long... seqs) {
		var rows = new ArrayList<Map<String, Object>>();
		for (var seq : seqs) {
			rows.add(jdbc.sql("select * from platform.audit_entries where seq = ?").param(seq).query().singleRow());
		}
		return rows;
	}

	private void restore(List<Map<String, Object>> rows) {
		for (var row : rows) {
			jdbc.sql("""
					insert into platform.audit_entries
					(seq, recorded_at, deployment, action, actor, subject, details, previous_hash, hash)
					values (:seq, :recorded_at, :deployment, :action, :actor, :subject, :details, :previous_hash, :hash)""")
				.params(row)
				.update();
		}
	}

	private Admin admin() {
		var person = api.register("Audit Admin");
		return new Admin(person.id().toString(), adminToken(person.id()));
	}

	private record Admin(String id, String token) {}
}
