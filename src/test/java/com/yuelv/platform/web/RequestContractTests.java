package com.yuelv.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's own readers: the query string, the Accept header, and UTF-8 byte by byte. */
class RequestContractTests {

	@ParameterizedTest
	@ValueSource(strings = { "destination=%E4%BA%AC%E9%83%BD", "q=kyoto+autumn&size=20", "a=&b", "x=%F0%9F%98%80",
			"&&a=1&", "empty=" })
	void takesWellFormedQueries(String query) {
		assertThat(RequestContract.queryRefusal(query)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "destination=%FF, destination", "destination=%C0%80, destination", "q=%E4%BA, q",
			"q=%ED%A0%80, q", "q=%F4%90%80%80, q", "q=%ZZ, q", "q=%4, q", "%FF=1, query", "%C3=1, query",
			"ok=1&bad=%80, bad" })
	void refusesQueriesThatAreNotPercentEncodedUtf8NamingTheParameter(String query, String field) {
		var refusal = RequestContract.queryRefusal(query);

		assertThat(refusal).isNotNull();
		assertThat(refusal.status().value()).isEqualTo(400);
		assertThat(refusal.error()).containsEntry("field", field);
	}

	@Test
	void refusesMoreParametersThanTheContainerParses() {
		assertThat(RequestContract.queryRefusal("a=1&".repeat(RequestContract.MAX_PARAMETERS + 1))).isNotNull();
		assertThat(RequestContract.queryRefusal("a=1&".repeat(RequestContract.MAX_PARAMETERS))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "application/json", "application/*", "application/problem+json",
			"text/html, application/json;q=0.1", "application/vnd.spring-boot.actuator.v3+json" })
	void takesAnAcceptThatJsonMeets(String accept) {
		assertThat(RequestContract.acceptRefusal(accept)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/yaml", "text/html", "application/xml, text/*", "application/json;q=0",
			"image/*" })
	void refusesAnAcceptJsonCannotMeet(String accept) {
		assertThat(RequestContract.acceptRefusal(accept).status().value()).isEqualTo(406);
	}

	/** The streaming checker agrees with Java's strict decoder on every sequence of up to four bytes tried. */
	@Test
	void theCheckerAcceptsExactlyWhatTheStrictDecoderAccepts() {
		var random = new Random(6_363);
		var interesting = new int[] { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
				0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF };
		for (var round = 0; round < 200_000; round++) {
			var length = 1 + random.nextInt(4);
			var bytes = new byte[length];
			for (var i = 0; i < length; i++) {
				bytes[i] = (byte) (random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
						: random.nextInt(256));
			}
			var checker = new Utf8.Checker();
			var accepted = true;
			for (var b : bytes) {
				accepted &= checker.accept(b & 0xFF);
				if (!accepted) {
					break;
				}
			}
			accepted &= checker.complete();
			assertThat(accepted).as("bytes %s", java.util.HexFormat.of().formatHex(bytes))
					.isEqualTo(strictlyDecodes(bytes));
		}
	}

	private static boolean strictlyDecodes(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException e) {
			return false;
		}
	}
}
