package com.yuelv.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.yuelv.shared.Rejection;

/** The account aggregate's rules about roles and the tokens that carry them. */
class AccountUnitTest {

	private static final Instant NOW = Instant.parse("2027-04-29T08:00:00Z");

	private static Account account(Role... roles) {
		var set = EnumSet.of(Role.TRAVELER);
		set.addAll(Set.of(roles));
		return Account.register("mei@example.com", "index", "hash", "小美", set, NOW);
	}

	@Test
	void takingARoleAwayRaisesTheTokenGenerationAndGrantingOneDoesNot() {
		var account = account();

		assertThat(account.grantRoles(Set.of(Role.ADMIN), 1, NOW)).isFalse();
		assertThat(account.tokenGeneration()).isZero();
		assertThat(account.grantRoles(Set.of(Role.TRAVELER), 2, NOW)).isTrue();
		assertThat(account.tokenGeneration()).isEqualTo(1);
		assertThat(account.roles()).containsExactly(Role.TRAVELER);
	}

	@Test
	void everyAccountStaysATraveler() {
		var account = account(Role.ADMIN);

		account.grantRoles(Set.of(Role.ADMIN), 1, NOW);

		assertThat(account.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.TRAVELER);
	}

	@Test
	void theLastAdminStaysAnAdmin() {
		var account = account(Role.ADMIN);

		assertThatThrownBy(() -> account.grantRoles(Set.of(Role.TRAVELER), 1, NOW)).isInstanceOfSatisfying(
				Rejection.class, rejection -> assertThat(rejection.problemType()).isEqualTo("last-admin"));
		assertThat(account.roles()).contains(Role.ADMIN);
		assertThat(account.tokenGeneration()).isZero();
		assertThat(account.grantRoles(Set.of(Role.TRAVELER), 2, NOW)).as("with another admin").isTrue();
	}
}
