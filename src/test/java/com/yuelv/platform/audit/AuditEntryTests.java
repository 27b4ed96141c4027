package com.yuelv.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** An entry's hash covers every field and the entry before it, so any change to one shows. */
class AuditEntryTests {

	private static final Instant AT = Instant.parse("2026-12-07T08:30:00.123456789Z");

	private final AuditEntry first = AuditEntry.after(0, AuditEntry.ORIGIN, AT, "yuelv", "login-failed", "anonymous",
			"account:1", "{\"address\":\"203.0.113.7\"}");

	@Test
	void theFirstEntryFollowsTheOriginAndIsNumberedOne() {
		assertThat(first.seq()).isEqualTo(1);
		assertThat(first.previousHash()).isEqualTo(AuditEntry.ORIGIN);
		assertThat(first.hash()).hasSize(64).isNotEqualTo(AuditEntry.ORIGIN);
		assertThat(first.sealed()).isTrue();
	}

	@Test
	void keepsTheTimeToTheMicrosecondTheDatabaseStores() {
		assertThat(first.recordedAt()).isEqualTo(Instant.parse("2026-12-07T08:30:00.123456Z"));
	}

	@Test
	void theNextEntryChainsToThePreviousHash() {
		var next = AuditEntry.after(first.seq(), first.hash(), AT, "yuelv", "login-succeeded", "account:1",
				"account:1", "{}");
		assertThat(next.seq()).isEqualTo(2);
		assertThat(next.previousHash()).isEqualTo(first.hash());
		var sameContentElsewhere = AuditEntry.after(first.seq(), AuditEntry.ORIGIN, AT, "yuelv", "login-succeeded",
				"account:1", "account:1", "{}");
		assertThat(sameContentElsewhere.hash()).isNotEqualTo(next.hash());
	}

	@Test
	void changingAnyFieldBreaksTheSeal() {
		var changed = new AuditEntry[] {
				new AuditEntry(2, first.recordedAt(), first.deployment(), first.action(), first.actor(), first.subject(),
						first.details(), first.previousHash(), first.hash()),
				new AuditEntry(1, first.recordedAt().plusNanos(1000), first.deployment(), first.action(), first.actor(),
						first.subject(), first.details(), first.previousHash(), first.hash()),
				new AuditEntry(1, first.recordedAt(), "trips", first.action(), first.actor(), first.subject(),
						first.details(), first.previousHash(), first.hash()),
				new AuditEntry(1, first.recordedAt(), first.deployment(), "login-succeeded", first.actor(),
						first.subject(), first.details(), first.previousHash(), first.hash()),
				new AuditEntry(1, first.recordedAt(), first.deployment(), first.action(), "account:2", first.subject(),
						first.details(), first.previousHash(), first.hash()),
				new AuditEntry(1, first.recordedAt(), first.deployment(), first.action(), first.actor(), null,
						first.details(), first.previousHash(), first.hash()),
				new AuditEntry(1, first.recordedAt(), first.deployment(), first.action(), first.actor(), first.subject(),
						"{\"address\":\"203.0.113.8\"}", first.previousHash(), first.hash()),
				new AuditEntry(1, first.recordedAt(), first.deployment(), first.action(), first.actor(), first.subject(),
						first.details(), "1".repeat(64), first.hash()) };
		for (var entry : changed) {
			assertThat(entry.sealed()).as(entry.toString()).isFalse();
		}
	}

	@Test
	void fieldsAreLengthPrefixedSoMovingTextBetweenThemChangesTheHash() {
		var a = AuditEntry.after(0, AuditEntry.ORIGIN, AT, "yuelv", "ab", "c", null, "{}");
		var b = AuditEntry.after(0, AuditEntry.ORIGIN, AT, "yuelv", "a", "bc", null, "{}");
		var empty = AuditEntry.after(0, AuditEntry.ORIGIN, AT, "yuelv", "a", "bc", "", "{}");
		assertThat(a.hash()).isNotEqualTo(b.hash());
		assertThat(empty.hash()).isNotEqualTo(b.hash());
	}
}
