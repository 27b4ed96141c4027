package com.yuelv.platform.openapi;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import com.yuelv.platform.PlatformProperties;

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
				.addRequiredItem("type").addRequiredItem("status");
	}
}
