package com.yuelv.shared;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code If-Match} as the API reads it: strong entity tags naming versions. */
class ExpectedVersionsUnitTest {

	@Test
	void noHeaderOrAStarHoldsForAnyVersion() {
		assertThatCode(() -> ExpectedVersions.ifMatch(null).check(7, "The trip")).doesNotThrowAnyException();
		assertThatCode(() -> ExpectedVersions.ifMatch(" * ").check(7, "The trip")).doesNotThrowAnyException();
	}

	@Test
	void aListHoldsForTheVersionsItNames() {
		var expected = ExpectedVersions.ifMatch("\"3\", \"7\"");

		assertThatCode(() -> expected.check(7, "The trip")).doesNotThrowAnyException();
		assertThatThrownBy(() -> expected.check(4, "The trip")).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.kind()).isEqualTo(Rejection.Kind.PRECONDITION_FAILED));
	}

	@Test
	void aWeakOrForeignTagNeverMatches() {
		assertThatThrownBy(() -> ExpectedVersions.ifMatch("W/\"7\"").check(7, "The trip"))
				.isInstanceOf(Rejection.class);
		assertThatThrownBy(() -> ExpectedVersions.ifMatch("\"v7\"").check(7, "The trip"))
				.isInstanceOf(Rejection.class);
	}

	@Test
	void somethingThatIsNoEntityTagIsABadRequest() {
		for (var header : new String[] { "7", "\"7", "\"\"", "\"7\",," }) {
			assertThatThrownBy(() -> ExpectedVersions.ifMatch(header)).isInstanceOfSatisfying(Rejection.class,
					rejection -> assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID));
		}
	}
}
