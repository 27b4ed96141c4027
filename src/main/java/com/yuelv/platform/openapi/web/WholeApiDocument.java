package com.yuelv.platform.openapi.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;

import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole API's OpenAPI document at {@code /v3/api-docs}, which Swagger UI shows: this deployment's own document
 * (springdoc's, at {@code /v3/api-docs/own}) and, in a split, every other deployment's own, fetched from it where
 * {@code yuelv.split.peers} says it runs. Their operations, components and tags are put together: each operation is
 * one deployment's, and a component that several documents carry comes from the same code in each. The single JAR's
 * document is its own. A deployment that cannot be asked makes the answer a 503 problem (of type {@code unavailable},
 * as every 503 the API gives), never a document with a part of the API left out.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
class WholeApiDocument {

	static final String OWN = "/v3/api-docs/own";

	private final ObjectProvider<OpenApiWebMvcResource> own;
	private final Map<String, URI> peers;
	private final RestClient client;
	private final JsonMapper json = JsonMapper.builder().build();

	WholeApiDocument(ObjectProvider<OpenApiWebMvcResource> own, Environment environment) {
		this.own = own;
		this.peers = Binder.get(environment).bind("yuelv.split.peers", Bindable.mapOf(String.class, URI.class))
				.orElse(Map.of());
		var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		var requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(Duration.ofSeconds(5));
		this.client = RestClient.builder().requestFactory(requests).build();
	}

	/** As bytes, as springdoc answers: with its length, not in chunks. */
	@GetMapping(value = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
	byte[] whole(HttpServletRequest request, Locale locale) throws Exception {
		var document = (ObjectNode) json.readTree(own.getObject().openapiJson(request, OWN, locale));
		// each other deployment once, however many of its modules this one calls
		for (var peer : new TreeSet<>(peers.values())) {
			merge(document, fetch(peer));
		}
		return json.writeValueAsBytes(document);
	}

	private JsonNode fetch(URI peer) {
		try {
			var part = client.get().uri(peer.resolve(OWN)).retrieve().body(JsonNode.class);
			if (part == null || !part.path("paths").isObject()) {
				throw new RestClientException("no OpenAPI document");
			}
			return part;
		}
		catch (RestClientException e) {
			var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"A part of the API's description cannot be fetched for now; retry in a moment.");
			throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, e);
		}
	}

	/** The part's operations, components and tags added to the document's, where the document has none of the name. */
	static void merge(ObjectNode document, JsonNode part) {
		// paths by path, then by method; components by kind, then by name
		for (var section : new String[] { "paths", "components" }) {
			var into = document.withObjectProperty(section);
			part.path(section).properties().forEach(group -> {
				var members = into.withObjectProperty(group.getKey());
				group.getValue().properties().forEach(member -> {
					if (!members.has(member.getKey())) {
						members.set(member.getKey(), member.getValue());
					}
				});
			});
		}
		var tags = document.withArrayProperty("tags");
		var known = new TreeSet<String>();
		tags.forEach(tag -> known.add(tag.path("name").asString()));
		part.path("tags").forEach(tag -> {
			if (known.add(tag.path("name").asString())) {
				tags.add(tag);
			}
		});
	}
}
