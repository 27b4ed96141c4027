package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** The access token is found, or refused, exactly as Spring Security's default resolver does it. */
class AuthorizationBearerTokensTests {

	private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_~+/AZaz09";
	private static final String HEADER = "Bearer ab=";
	/** The default resolver's pattern, as Spring Security 7.0 declares it. */
	private static final Pattern PATTERN = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private final AuthorizationBearerTokens tokens = new AuthorizationBearerTokens();
	private final DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();

	@Test
	void findsTheTokenAfterTheSchemeInAnyCase() {
		assertThat(tokens.resolve(request("Bearer " + TOKEN))).isEqualTo(TOKEN);
		assertThat(tokens.resolve(request("bEaReR " + TOKEN + "=="))).isEqualTo(TOKEN + "==");
		assertThat(tokens.resolve(request(null))).isNull();
		assertThat(tokens.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
	}

	@Test
	void checksEveryCharacterAtEveryPlaceAsTheDefaultResolversPattern() {
		var differences = new ArrayList<String>();
		for (var candidate : everyCharacterAtEveryPlace()) {
			if (AuthorizationBearerTokens.isBearerCredentials(candidate) != PATTERN.matcher(candidate).matches()) {
				differences.add(candidate);
			}
		}
		assertThat(differences).isEmpty();
	}

	@Test
	void answersEveryLatinOrCaseFoldingCharacterAtEveryPlaceAsTheDefaultResolver() {
		var differences = new ArrayList<String>();
		for (var candidate : everyCharacterAtEveryPlace()) {
			char c = firstDifference(candidate);
			// failures cost an exception each: all of Latin and every character that folds to ASCII, a sample of the rest
			if ((c < 0x300 || Character.toLowerCase(c) < 0x80 || Character.toUpperCase(c) < 0x80 || c % 97 == 0)
					&& !sameOutcome(candidate)) {
				differences.add(candidate);
			}
		}
		assertThat(differences).isEmpty();
	}

	/** {@link #HEADER} with each of its characters replaced by, and with inserted before it, every UTF-16 unit. */
	private static List<String> everyCharacterAtEveryPlace() {
		var candidates = new ArrayList<String>();
		for (int at = 0; at <= HEADER.length(); at++) {
			for (int code = Character.MIN_VALUE; code <= Character.MAX_VALUE; code++) {
				char c = (char) code;
				if (at < HEADER.length()) {
					candidates.add(HEADER.substring(0, at) + c + HEADER.substring(at + 1));
				}
				candidates.add(HEADER.substring(0, at) + c + HEADER.substring(at));
			}
		}
		return candidates;
	}

	private static char firstDifference(String candidate) {
		int at = 0;
		while (at < HEADER.length() && at < candidate.length() && candidate.charAt(at) == HEADER.charAt(at)) {
			at++;
		}
		return at < candidate.length() ? candidate.charAt(at) : 0;
	}

	@Test
	void decidesOddHeadersAsTheDefaultResolver() {
		var samples = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer\t" + TOKEN,
				"Bearer " + TOKEN + " ", "Bearer =", "Bearer a=b", "Bearer a==", "bearer" + TOKEN, "Bearerx " + TOKEN,
				"BEARER " + TOKEN, "Bearer " + TOKEN + "\n", "Bearer 旅行", "Bearer \ud83c\udf0f", "DPoP " + TOKEN,
				" Bearer " + TOKEN, "Bearer " + "a".repeat(10_000)));
		var random = new SplittableRandom(20261127);
		var alphabet = "Bbearer =-._~+/aZ09\t\n\u00e9\u0130\u0131\u017f\u212a";
		for (int n = 0; n < 20_000; n++) {
			var text = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
			for (int length = random.nextInt(12); length > 0; length--) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			samples.add(text.toString());
		}
		for (var sample : samples) {
			assertThat(sameOutcome(sample)).as("header [%s]", sample).isTrue();
		}
	}

	private boolean sameOutcome(String authorization) {
		var request = new OneHeader(authorization);
		return Objects.equals(outcome(tokens, request), outcome(reference, request));
	}

	/** The token found, {@code null}, or the error the failure carries. */
	private static String outcome(BearerTokenResolver resolver, HttpServletRequest request) {
		try {
			return String.valueOf(resolver.resolve(request));
		}
		catch (OAuth2AuthenticationException failure) {
			return "failure " + failure.getError().getErrorCode() + ": " + failure.getError().getDescription();
		}
	}

	/** A GET request with the given {@code Authorization} header, cheap enough to make millions of. */
	private static final class OneHeader extends HttpServletRequestWrapper {

		private static final HttpServletRequest GET = new MockHttpServletRequest("GET", "/api/v1/me");

		private final String authorization;

		OneHeader(String authorization) {
			super(GET);
			this.authorization = authorization;
		}

		@Override
		public @Nullable String getHeader(String name) {
			return "Authorization".equalsIgnoreCase(name) ? authorization : null;
		}
	}

	private static MockHttpServletRequest request(@Nullable String authorization) {
		var request = new MockHttpServletRequest("GET", "/api/v1/me");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}
}
