package com.yuelv.platform.openapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Putting deployments' documents together: every operation of every part, a path's methods from several parts, each
 * component and tag once (the first document's, since every part carries the same code's), nothing of the document
 * replaced.
 */
class WholeApiDocumentTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aPartAddsWhatTheDocumentLacksAndReplacesNothing() {
		var document = (ObjectNode) json.readTree("""
				{"openapi":"3.1.0",
				 "paths":{"/api/v1/trips":{"get":{"operationId":"list"}}},
				 "components":{"schemas":{"Problem":{"title":"first"}}},
				 "tags":[{"name":"trips"}]}
				""");
		WholeApiDocument.merge(document, json.readTree("""
				{"paths":{"/api/v1/trips":{"get":{"operationId":"other"},"post":{"operationId":"create"}},
				          "/api/v1/payments/{id}":{"get":{"operationId":"payment"}}},
				 "components":{"schemas":{"Problem":{"title":"second"},"Payment":{"type":"object"}},
				               "securitySchemes":{"bearer":{"type":"http"}}},
				 "tags":[{"name":"trips"},{"name":"payments"}]}
				"""));

		assertThat(document.path("paths").propertyNames()).containsExactly("/api/v1/trips", "/api/v1/payments/{id}");
		assertThat(document.at("/paths/~1api~1v1~1trips/get/operationId").asString()).isEqualTo("list");
		assertThat(document.at("/paths/~1api~1v1~1trips/post/operationId").asString()).isEqualTo("create");
		assertThat(document.at("/components/schemas/Problem/title").asString()).isEqualTo("first");
		assertThat(document.at("/components/schemas/Payment/type").asString()).isEqualTo("object");
		assertThat(document.at("/components/securitySchemes/bearer/type").asString()).isEqualTo("http");
		assertThat(document.path("tags").valueStream().map(tag -> tag.path("name").asString()))
				.containsExactly("trips", "payments");
		assertThat(document.path("openapi").asString()).isEqualTo("3.1.0");
	}
}
