package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.RequestBuilder;

import com.jayway.jsonpath.JsonPath;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * Calls from pages of other origins: the configured web app's pages may call the whole API (preflights answered, the
 * answers readable, a 401 too); other origins, methods and headers are 403 problems that change nothing; the public
 * reads take any origin with one answer that varies by nothing, so that caches keep it.
 */
@EmbeddedModeTest
class CrossOriginIntegrationTests extends ApiTestSupport {

	private static final String WEB_APP = "https://web.yuelv.test";
	private static final String ELSEWHERE = "https://evil.example";

	@Test
	void theWebAppsPreflightIsAnsweredWithWhatItMaySendAndRead() {
		var preflight = perform(options("/api/v1/me/profile").header("Origin", WEB_APP)
			.header("Access-Control-Request-Method", "PUT")
			.header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key"));

		assertThat(preflight.getStatus()).isEqualTo(200);
		assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo(WEB_APP);
		assertThat(preflight.getHeader("Access-Control-Allow-Methods")).contains("PUT");
		assertThat(preflight.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("authorization")
			.containsIgnoringCase("idempotency-key");
		assertThat(preflight.getHeader("Access-Control-Max-Age")).isEqualTo("3600");
		assertThat(preflight.getHeader("Access-Control-Allow-Credentials")).isNull();
		assertThat(preflight.getHeaders("Vary")).contains("Origin");
	}

	@Test
	void theWebAppReadsAnswersAndProblems() {
		var person = api.register("Cross Origin Traveler");
		var me = perform(get("/api/v1/me").header("Origin", WEB_APP)
			.header("Authorization", "Bearer " + person.accessToken()));
		assertThat(me.getStatus()).isEqualTo(200);
		assertThat(me.getHeader("Access-Control-Allow-Origin")).isEqualTo(WEB_APP);
		assertThat(me.getHeader("Access-Control-Expose-Headers")).contains("X-Request-Id").contains("ETag")
			.contains("Retry-After");

		var anonymous = perform(get("/api/v1/me").header("Origin", "http://localhost:5173"));
		assertThat(anonymous.getStatus()).isEqualTo(401);
		assertThat(anonymous.getHeader("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
	}

	@Test
	void anotherOriginIsRefusedAndChangesNothing() throws Exception {
		var person = api.register("Guarded Traveler");
		var preflight = perform(options("/api/v1/me/profile").header("Origin", ELSEWHERE)
			.header("Access-Control-Request-Method", "PUT"));
		assertThat(preflight.getStatus()).isEqualTo(403);
		assertProblem(preflight, "Pages of this origin may not call this endpoint of the API.");
		assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isNull();

		var change = perform(put("/api/v1/me/profile").header("Origin", ELSEWHERE)
			.header("Authorization", "Bearer " + person.accessToken()).contentType(MediaType.APPLICATION_JSON)
			.content(api.write(Map.of("displayName", "Changed Elsewhere", "languages", List.of(), "interests",
					List.of()))));
		assertThat(change.getStatus()).isEqualTo(403);
		assertProblem(change, "Pages of this origin may not call this endpoint of the API.");
		var profile = api.get("/api/v1/me", person.accessToken());
		assertThat(profile.string("$.profile.displayName")).isEqualTo("Guarded Traveler");
	}

	@Test
	void methodsAndHeadersTheApiDoesNotTakeAreRefusedByName() throws Exception {
		var method = perform(options("/api/v1/me").header("Origin", WEB_APP)
			.header("Access-Control-Request-Method", "TRACE"));
		assertThat(method.getStatus()).isEqualTo(403);
		assertProblem(method, "From another origin this endpoint takes only GET, HEAD, POST, PUT, PATCH, DELETE.");

		var header = perform(options("/api/v1/me").header("Origin", WEB_APP)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "authorization, x-forged"));
		assertThat(header.getStatus()).isEqualTo(403);
		assertThat(JsonPath.<String>read(header.getContentAsString(StandardCharsets.UTF_8), "$.detail"))
			.startsWith("A page of another origin may send only these headers: Authorization, Content-Type");
	}

	@Test
	void publicReadsTakeAnyOriginWithOneAnswerThatVariesByNothing() {
		for (var origin : new String[] { null, ELSEWHERE, WEB_APP }) {
			var request = get("/api/v1/places").param("prefix", "osa");
			if (origin != null) {
				request.header("Origin", origin);
			}
			var read = perform(request);
			assertThat(read.getStatus()).isEqualTo(200);
			assertThat(read.getHeader("Cache-Control")).startsWith("public");
			assertThat(read.getHeader("Access-Control-Allow-Origin")).as("from %s", origin).isEqualTo("*");
			assertThat(read.getHeaders("Vary")).as("from %s", origin).noneMatch(vary -> vary.contains("Origin"));
		}
		var preflight = perform(options("/api/v1/search/trips").header("Origin", ELSEWHERE)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "accept-language, if-none-match"));
		assertThat(preflight.getStatus()).isEqualTo(200);
		assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");

		var write = perform(options("/api/v1/trips").header("Origin", ELSEWHERE)
			.header("Access-Control-Request-Method", "POST"));
		assertThat(write.getStatus()).as("creating a trip is not a public read").isEqualTo(403);
	}

	@Test
	void pagesOfTheApisOwnPublicUrlMayCallIt() {
		var person = api.register("Swagger Reader");
		// behind the edge the application is reached by another scheme and port than its public URL's
		var me = perform(get("/api/v1/me").header("Origin", "http://localhost:8080")
			.header("Authorization", "Bearer " + person.accessToken()));
		assertThat(me.getStatus()).isEqualTo(200);
	}

	@Test
	void requestsWithoutAnOriginAreNotCrossOrigin() {
		var person = api.register("Native App Traveler");
		var me = perform(get("/api/v1/me").header("Authorization", "Bearer " + person.accessToken()));
		assertThat(me.getStatus()).isEqualTo(200);
		assertThat(me.getHeader("Access-Control-Allow-Origin")).isNull();
	}

	private MockHttpServletResponse perform(RequestBuilder request) {
		try {
			return mvc.perform(request).andReturn().getResponse();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static void assertProblem(MockHttpServletResponse response, String detail) throws Exception {
		assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		var body = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(JsonPath.<String>read(body, "$.type")).isEqualTo("https://yuelv.app/problems/cross-origin-refused");
		assertThat(JsonPath.<String>read(body, "$.detail")).isEqualTo(detail);
	}
}
