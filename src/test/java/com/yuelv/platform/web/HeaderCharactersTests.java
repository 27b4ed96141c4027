package com.yuelv.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The firewall's header rules without regular expressions decide as Spring Security's patterns do. */
class HeaderCharactersTests {

	private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
	private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void decidesEveryCodePointAsThePatterns() {
		var differences = new ArrayList<String>();
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			var text = "a" + Character.toString(codePoint) + "z";
			if (HeaderCharacters.isAllowedName(text) != NAMES.matcher(text).matches()
					|| HeaderCharacters.isAllowedValue(text) != VALUES.matcher(text).matches()) {
				differences.add(Integer.toHexString(codePoint));
			}
		}
		assertThat(differences).isEmpty();
	}

	@Test
	void decidesTokensAndOddTextAsThePatterns() {
		var samples = new String[] { "", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_~+/=", "Authorization",
			"a\tb", "a\nb", "a\rb", "\u0000", "\u007f", "\u0085", "\u00a0", "同行 旅行", "\ud83c\udf0f earth",
			"lone \ud83c high", "lone \udf0f low", "\uffff", "\u0378", "\ud83c", "x\u200by" };
		for (var sample : samples) {
			assertThat(HeaderCharacters.isAllowedName(sample)).as("name %s", sample)
					.isEqualTo(NAMES.matcher(sample).matches());
			assertThat(HeaderCharacters.isAllowedValue(sample)).as("value %s", sample)
					.isEqualTo(VALUES.matcher(sample).matches());
		}
		assertThat(HeaderCharacters.isAllowedValue("a\tb")).isTrue();
		assertThat(HeaderCharacters.isAllowedName("a\tb")).isFalse();
		assertThat(HeaderCharacters.isAllowedValue("a\nb")).isFalse();
	}
}
