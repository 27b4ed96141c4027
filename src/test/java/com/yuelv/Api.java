package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.mockmvc.OpenApiValidationMatchers;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.jayway.jsonpath.JsonPath;

import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the REST API through MockMvc and checks every response against the application's own OpenAPI document, and
 * every error against the problem contract (status 4xx/5xx implies {@code application/problem+json} with a type).
 */
public final class Api {

	public static final String PASSWORD = "a long enough passphrase";

	private static OpenApiInteractionValidator validator;

	private final MockMvc mvc;
	private final JsonMapper json = JsonMapper.builder().build();

	public Api(MockMvc mvc) {
		this.mvc = mvc;
		synchronized (Api.class) {
			if (validator == null) {
				validator = OpenApiInteractionValidator
						.createForInlineApiSpecification(fetch(MockMvcRequestBuilders.get("/v3/api-docs")))
						// requests are deliberately broken in many tests; only the answers must match the contract
						.withLevelResolver(LevelResolver.create()
								.withLevel("validation.request", ValidationReport.Level.IGNORE)
								.build())
						.build();
			}
		}
	}

	/** An answer with its JSON body at hand. */
	public record Response(int status, String contentType, String body, MockHttpServletResponse raw) {

		public <T> T at(String path) {
			return JsonPath.read(body, path);
		}

		/** The value at the path, or {@code null} when the answer leaves it out. */
		public <T> T optional(String path) {
			return JsonPath.using(com.jayway.jsonpath.Configuration.defaultConfiguration()
					.addOptions(com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS)).parse(body).read(path);
		}

		public String string(String path) {
			Object value = at(path);
			return String.valueOf(value);
		}

		public String header(String name) {
			return raw.getHeader(name);
		}
	}

	/** A registered, logged-in person. */
	public record Person(UUID id, String email, String accessToken, String refreshToken) {}

	public Response get(String path, String token) {
		return perform(request(HttpMethod.GET, path, token));
	}

	public Response post(String path, Object body, String token) {
		return perform(request(HttpMethod.POST, path, token).contentType(MediaType.APPLICATION_JSON).content(write(body)));
	}

	public Response put(String path, Object body, String token) {
		return perform(request(HttpMethod.PUT, path, token).contentType(MediaType.APPLICATION_JSON).content(write(body)));
	}

	public static MockHttpServletRequestBuilder request(HttpMethod method, String path, String token) {
		var builder = MockMvcRequestBuilders.request(method, path).accept(MediaType.APPLICATION_JSON,
				MediaType.APPLICATION_PROBLEM_JSON);
		if (token != null) {
			builder.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		return builder;
	}

	public Response perform(org.springframework.test.web.servlet.RequestBuilder request) {
		try {
			var result = mvc.perform(request)
					.andExpect(OpenApiValidationMatchers.openApi().isValid(validator))
					.andReturn();
			var response = result.getResponse();
			var body = response.getContentAsString(StandardCharsets.UTF_8);
			var contentType = response.getContentType() == null ? "" : response.getContentType();
			if (response.getStatus() >= 400) {
				assertThat(contentType).as("content type of a %d", response.getStatus())
						.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				assertThat((String) JsonPath.read(body, "$.type")).startsWith("https://yuelv.app/problems/");
			}
			return new Response(response.getStatus(), contentType, body, response);
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private String fetch(MockHttpServletRequestBuilder request) {
		try {
			return mvc.perform(request).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	public String write(Object body) {
		return body instanceof String text ? text : json.writeValueAsString(body);
	}

	public Person register(String displayName) {
		var email = displayName.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID() + "@yuelv.test";
		return register(email, displayName);
	}

	public Person register(String email, String displayName) {
		var registered = post("/api/v1/auth/register",
				Map.of("email", email, "password", PASSWORD, "displayName", displayName), null);
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		return logIn(email);
	}

	public Person logIn(String email) {
		var tokens = post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		return new Person(UUID.fromString(tokens.string("$.userId")), email, tokens.string("$.accessToken"),
				tokens.string("$.refreshToken"));
	}
}
