package com.yuelv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.jayway.jsonpath.JsonPath;
import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

@EmbeddedModeTest
class ApiDocumentationIntegrationTests extends ApiTestSupport {

	@Test
	void publishesAnOpenApi31DocumentWithBearerAuthAndProblemAnswers() throws Exception {
		var document = mvc.perform(MockMvcRequestBuilders.get("/v3/api-docs")).andReturn().getResponse()
				.getContentAsString();

		assertThat((String) JsonPath.read(document, "$.openapi")).startsWith("3.1");
		assertThat((Map<String, Object>) JsonPath.read(document, "$.components.securitySchemes.bearer"))
				.containsEntry("scheme", "bearer");
		assertThat((String) JsonPath.read(document,
				"$.paths['/api/v1/trips'].post.responses['400'].content['application/problem+json'].schema.$ref"))
				.endsWith("/Problem");
		assertThat((List<?>) JsonPath.read(document, "$.paths['/api/v1/trips'].get.security")).isEmpty();
	}

	/** On servers the document and Swagger UI are off unless switched on: the postgres profile as shipped. */
	@Test
	void thePostgresProfileServesNoDocumentationUnlessAsked() throws Exception {
		var profile = new YamlPropertySourceLoader().load("postgres",
				new ClassPathResource("application-postgres.yaml")).getFirst();
		var environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(profile);
		assertThat(environment.getProperty("springdoc.api-docs.enabled", Boolean.class)).isFalse();
		assertThat(environment.getProperty("springdoc.swagger-ui.enabled", Boolean.class)).isFalse();

		environment.getPropertySources().addFirst(new MapPropertySource("switch", Map.of("YUELV_API_DOCS", "true")));
		assertThat(environment.getProperty("springdoc.api-docs.enabled", Boolean.class)).isTrue();
	}

	@Test
	void servesSwaggerUiAndOpenHealthWithoutAToken() throws Exception {
		var ui = mvc.perform(MockMvcRequestBuilders.get("/swagger-ui/index.html")).andReturn().getResponse();
		assertThat(ui.getStatus()).isEqualTo(200);
		assertThat(ui.getContentAsString()).contains("swagger-ui");

		for (var path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			var health = mvc.perform(MockMvcRequestBuilders.get(path)).andReturn().getResponse();
			assertThat(health.getStatus()).as(path).isEqualTo(200);
			assertThat(health.getContentAsString()).contains("UP");
		}
		assertThat(api.perform(Api.request(HttpMethod.GET, "/actuator/metrics", null)).status()).isEqualTo(401);
		var traveler = api.register("Curious Traveler");
		assertThat(api.perform(Api.request(HttpMethod.GET, "/actuator/metrics", traveler.accessToken())).status())
				.as("operational endpoints are for admins").isEqualTo(403);
	}
}
