package com.yuelv.platform.openapi;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import com.yuelv.platform.PlatformProperties;
import com.yuelv.shared.IdempotencyKeyRequired;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs}: bearer authentication and, on every operation, the problem
 * answers that any request can receive, so that clients (and the contract tests) know every status the API uses.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "Problem";
	private static final String BEARER = "bearer";

	private static final Map<String, String> COMMON_PROBLEMS = Map.ofEntries(
			Map.entry("400", "The request is malformed or a field breaks a rule; `errors` names the fields."),
			Map.entry("401", "The access token is missing, expired or invalid."),
			Map.entry("403", "The caller may not do this."),
			Map.entry("404", "Nothing found here."),
			Map.entry("405", "The method is not supported here."),
			Map.entry("406", "The Accept header allows no JSON; this API answers in JSON only."),
			Map.entry("409", "The request conflicts with the current state."),
			Map.entry("412", "A condition of the request (If-Match) does not hold; read the resource again."),
			Map.entry("413", "The request body is too large."),
			Map.entry("415", "The request body is not JSON in UTF-8 (application/json)."),
			Map.entry("429", "Too many requests of this kind from this client; `Retry-After` says when to try again."),
			Map.entry("500", "The request failed on our side."),
			Map.entry("503", "The service is overloaded and sheds this kind of request for now, or something the answer "
					+ "depends on cannot be reached; `Retry-After` says when to try again."));

	/** The server is the configured public URL: springdoc would otherwise repeat the caller's {@code Host}. */
	@Bean
	OpenAPI yuelvOpenApi(PlatformProperties properties) {
		return new OpenAPI()
				.servers(List.of(new Server().url(properties.publicUrl().toString())))
				.info(new Info().title("Yuelv API").version("v1")
						.description("Travel-companion social platform: accounts, trips, inbox. An answer served "
								+ "without one of its dependencies, from what was known shortly before, carries the "
								+ "header `Yuelv-Degraded` naming the dependency."))
				.components(new Components()
						.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
								.scheme("bearer").bearerFormat("JWT")))
				.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	/**
	 * Every unsafe operation takes an {@code Idempotency-Key} (required where the method says so) and may answer 422
	 * when the key was used for another request, or 409 while the first request with it runs.
	 */
	@Bean
	OperationCustomizer idempotencyKeyParameters() {
		return (operation, handler) -> {
			var mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
			if (mapping == null || java.util.Arrays.stream(mapping.method()).noneMatch(UNSAFE::contains)) {
				return operation;
			}
			var required = handler.hasMethodAnnotation(IdempotencyKeyRequired.class);
			operation.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(required)
					.description((required ? "Required: this" : "This") + " request is done once per key (a new "
							+ "random value, such as a UUID, per intended request); a retry with the same key gets the "
							+ "first answer again, marked `Idempotent-Replayed: true`, for 24 hours. Signing up, in "
							+ "and out do not use it.")
					.schema(new StringSchema().maxLength(257)));
			operation.getResponses().addApiResponse("422", new ApiResponse().description("The Idempotency-Key was "
					+ "used for a different request.").content(new Content().addMediaType("application/problem+json",
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
			return operation;
		};
	}

	/**
	 * A read anyone may make (no security requirement) says in {@code Cache-Control} whether and how long caches may
	 * keep it, carries a validator in {@code ETag}, and answers {@code If-None-Match} with that validator by a 304.
	 */
	@Bean
	OperationCustomizer publicReadValidators() {
		return (operation, handler) -> {
			var mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
			var requirements = handler.hasMethodAnnotation(SecurityRequirements.class)
					? handler.getMethodAnnotation(SecurityRequirements.class)
					: AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), SecurityRequirements.class);
			if (mapping == null || !java.util.Arrays.asList(mapping.method()).contains(RequestMethod.GET)
					|| requirements == null || requirements.value().length > 0) {
				return operation;
			}
			operation.addParametersItem(new HeaderParameter().name(HttpHeaders.IF_NONE_MATCH).required(false)
					.description("The ETag of an answer held: if it is still current, a 304 without a body.")
					.schema(new StringSchema()));
			var ok = operation.getResponses().get("200");
			if (ok != null) {
				ok.addHeaderObject(HttpHeaders.ETAG, new Header().description("The answer's validator.")
						.schema(new StringSchema()));
				ok.addHeaderObject(HttpHeaders.CACHE_CONTROL, new Header().description("`public` with `max-age` and "
						+ "`stale-while-revalidate` where the answer is the same for everyone; private and uncached "
						+ "otherwise (a draft, for its organizer).").schema(new StringSchema()));
			}
			operation.getResponses().addApiResponse("304", new ApiResponse().description("The answer named in "
					+ "If-None-Match is still current."));
			return operation;
		};
	}

	private static final java.util.Set<RequestMethod> UNSAFE = java.util.Set.of(RequestMethod.POST, RequestMethod.PUT,
			RequestMethod.PATCH, RequestMethod.DELETE);

	@Bean
	OpenApiCustomizer commonProblemResponses() {
		return openApi -> {
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
			var responses = operation.getResponses();
			COMMON_PROBLEMS.forEach((status, description) -> {
				var problem = new ApiResponse().description(description).content(new Content().addMediaType(
						"application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
				var existing = responses.get(status);
				if (existing == null) {
					responses.addApiResponse(status, problem);
				}
				else {
					existing.setContent(problem.getContent());
				}
			});
			}));
		};
	}

	private static Schema<?> problemSchema() {
		var error = new ObjectSchema()
				.addProperty("field", new StringSchema())
				.addProperty("rule", new StringSchema())
				.addProperty("message", new StringSchema());
		return new ObjectSchema()
				.description("RFC 9457 problem details")
				.addProperty("type", new StringSchema().format("uri"))
				.addProperty("title", new StringSchema())
				.addProperty("status", new IntegerSchema())
				.addProperty("detail", new StringSchema())
				.addProperty("instance", new StringSchema())
				.addProperty("errors", new ArraySchema().items(error))
				.addProperty("traceId", new StringSchema().pattern("^[0-9a-f]{32}$").description(
						"The trace this answer belongs to (W3C trace id): quote it when reporting the problem"))
				.addRequiredItem("type").addRequiredItem("status");
	}
}
