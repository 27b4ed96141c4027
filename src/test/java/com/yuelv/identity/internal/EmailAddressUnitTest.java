package com.yuelv.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.yuelv.shared.Rejection;

/** One spelling per mailbox: what is folded together, and what is refused. */
class EmailAddressUnitTest {

	@ParameterizedTest
	@CsvSource({ "mei@example.com, mei@example.com", "  Mei@Example.COM , mei@example.com",
			"ｍｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ, mei@example.com", "mei+trips@example.com, mei+trips@example.com",
			"小美@例え.jp, 小美@xn--r8jz45g.jp", "ＫＥＮ@EXAMPLE.COM, ken@example.com" })
	void foldsEverySpellingOfAnAddressIntoOne(String typed, String stored) {
		assertThat(EmailAddress.normalize("email", typed)).isEqualTo(stored);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"mei\"@example.com", "\"m e i\"@example.com", "mei@[127.0.0.1]",
			"mei(comment)@example.com", "mei..x@example.com", ".mei@example.com", "mei.@example.com",
			"mei@example", "mei@@example.com", "mei@exa_mple.com", "@example.com", "mei@", "mei@-example.com",
			"mei@example..com", "mei\u202E@example.com", "mei example@example.com" })
	void refusesWhatCouldSpellOneMailboxManyWays(String typed) {
		assertThatThrownBy(() -> EmailAddress.normalize("email", typed)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.violations()).singleElement()
						.satisfies(violation -> assertThat(violation.field()).isEqualTo("email")));
	}
}
