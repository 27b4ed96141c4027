package com.yuelv.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for typed text, on what people write and on what makes text lie about itself. */
class PlainTextUnitTest {

	@ParameterizedTest
	@ValueSource(strings = { "京都红叶之旅", "京都紅葉の旅", "Kyoto autumn leaves", "مرحبا\u200F بالعالم",
			"שלום\u200E world", "家族 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "می\u200Cخواهم",
			"\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F Scotland",
			"क्\u200Dष", "café" })
	void keepsTheTextOfEveryScriptWithTheJoinersAndMarksItNeeds(String text) {
		assertThat(PlainText.check("title", text, 100, false)).isEqualTo(text);
	}

	@ParameterizedTest
	@CsvSource({ "'evil\u202Egnp.exe', no-bidi-controls", "'a\u202Ab', no-bidi-controls",
			"'a\u2066b\u2069', no-bidi-controls", "'zero\u200Bwidth', no-invisible-characters",
			"'word\u2060joiner', no-invisible-characters", "'\uFEFFbom', no-invisible-characters",
			"'soft\u00ADhyphen', no-invisible-characters", "'\u200Dleading joiner', no-invisible-characters",
			"'trailing joiner\u200D', no-invisible-characters", "'two\u200D\u200Djoiners', no-invisible-characters",
			"'stray tag \uDB40\uDC67', no-invisible-characters", "'filler\u3164name', no-invisible-characters",
			"'unassigned \uD83F\uDFFE', no-invisible-characters", "'line\u2028separator', no-invisible-characters",
			"'bell\u0007', no-control-characters" })
	void refusesTextThatLiesAboutItself(String text, String rule) {
		assertThatThrownBy(() -> PlainText.check("title", text, 100, true)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.violations()).singleElement()
						.satisfies(violation -> assertThat(violation.rule()).isEqualTo(rule)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "\u3000" })
	void refusesBlankText(String text) {
		assertThatThrownBy(() -> PlainText.check("title", text, 100, false)).isInstanceOf(Rejection.class);
	}
}
