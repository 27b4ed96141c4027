package com.yuelv;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every class of bad input to every operation of an OpenAPI document (and to the actuator), over real HTTP, and
 * collects every answer that is not a 4xx problem. The classes:
 * <ul>
 * <li>{@code query-encoding}: percent-encoded bytes that are not UTF-8 (invalid, overlong, truncated, encoded
 * surrogates, beyond U+10FFFF, a broken escape), in a value and in a name;</li>
 * <li>{@code accept}: an {@code Accept} JSON cannot meet (YAML, HTML, XML);</li>
 * <li>{@code media-type}: a body that is not declared as JSON in UTF-8 (wildcards, YAML, text, forms, other
 * charsets, none);</li>
 * <li>{@code body-encoding}: a JSON body whose bytes are not UTF-8 (to the operations that read a body);</li>
 * <li>{@code json}: a repeated member, a fraction or a leading {@code +} for a number, an escaped lone surrogate;</li>
 * <li>{@code parameter}: hexadecimal, signed, spaced and exponent numbers, date-times, extreme and impossible dates,
 * non-canonical UUIDs, in query and path parameters.</li>
 * </ul>
 */
public final class ContractWalk {

	/** One request that was not refused as the contract says. */
	public record Failure(String inputClass, String method, String target, int status, String body) {}

	private static final List<String> BAD_QUERIES = List.of("x=%FF", "x=%C0%80", "x=%E6%97", "x=%ED%A0%80",
			"x=%F4%90%80%80", "x=%ZZ", "x=%4", "%FF=1", "%C3=1");
	private static final List<String> BAD_ACCEPTS = List.of("application/yaml", "text/html", "application/xml");
	private static final List<String> BAD_CONTENT_TYPES = List.of("*/*", "application/*", "text/*",
			"application/yaml", "text/plain", "application/x-www-form-urlencoded", "application/xml",
			"application/json; charset=ISO-8859-1", "application/json; charset=utf-16", "");
	private static final List<byte[]> BAD_BYTES = List.of(bytes("{\"a\":\"", 0xFF, "\"}"),
			bytes("{\"a\":\"", 0xC0, 0xAF, "\"}"), bytes("{\"a\":\"", 0xED, 0xA0, 0x80, "\"}"),
			bytes("{\"a\":\"", 0xE6, 0x97, "\"}"), bytes("{\"a\":\"", 0xF8, 0x88, 0x80, 0x80, 0x80, "\"}"));
	private static final List<String> BAD_NUMBERS = List.of("0x10", "+5", "%205", "1e3", "NaN", "Infinity",
			"99999999999999999999", "5.", "0x1p3");
	private static final List<String> BAD_DATES = List.of("2027-01-01T10:00", "%2B2027-01-01", "-999999999-01-01",
			"999999999-12-31", "0000-01-01", "2027-02-30", "2027-1-1", "20270101");
	private static final List<String> BAD_UUIDS = List.of("1-1-1-1-1", "0x10", "not-a-uuid");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final JsonMapper json = JsonMapper.builder().build();
	private final String base;
	private final String token;
	private final List<Failure> failures = new ArrayList<>();
	private final Map<String, Integer> sent = new LinkedHashMap<>();

	/**
	 * @param base where the API is reached, e.g. {@code http://localhost:8080}
	 * @param token an admin's access token, so that requests reach the parameter checks behind authorization
	 */
	public ContractWalk(String base, String token) {
		this.base = base;
		this.token = token;
	}

	/** Walks every operation of the document, and the actuator's, with every class. */
	public ContractWalk walk(JsonNode document) throws Exception {
		var operations = new ArrayList<Operation>();
		document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
			if (List.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
				operations.add(Operation.of(path.getKey(), method.getKey().toUpperCase(), method.getValue(),
						path.getValue(), document));
			}
		}));
		operations.add(new Operation("GET", "/actuator/health", List.of(), null));
		operations.add(new Operation("GET", "/actuator/info", List.of(), null));
		operations.add(new Operation("GET", "/actuator/traffic", List.of(), null));
		operations.add(new Operation("GET", "/actuator/metrics", List.of(), null));
		operations.add(new Operation("POST", "/actuator/traffic", List.of(), null));
		for (var operation : operations) {
			walk(operation);
		}
		return this;
	}

	public List<Failure> failures() {
		return failures;
	}

	/** How many requests were sent, per class. */
	public Map<String, Integer> sent() {
		return sent;
	}

	private record Parameter(String name, String in, String type, String format) {}

	private record Operation(String method, String path, List<Parameter> parameters, JsonNode body) {

		static Operation of(String path, String method, JsonNode operation, JsonNode pathItem, JsonNode document) {
			var parameters = new ArrayList<Parameter>();
			for (var source : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
				source.forEach(parameter -> {
					var schema = resolve(parameter.path("schema"), document);
					parameters.add(new Parameter(parameter.path("name").asString(), parameter.path("in").asString(),
							schema.path("type").asString(""), schema.path("format").asString("")));
				});
			}
			var body = operation.path("requestBody").path("content").path("application/json").path("schema");
			return new Operation(method, path, parameters, body.isMissingNode() ? null : resolve(body, document));
		}

		boolean takesBody() {
			return body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
		}

		/** The path with a well-formed value in every path parameter. */
		String target() {
			var target = path;
			for (var parameter : parameters) {
				if (parameter.in().equals("path")) {
					target = target.replace("{" + parameter.name() + "}", sample(parameter));
				}
			}
			return target;
		}

		String targetWith(Parameter bad, String value) {
			var target = path;
			for (var parameter : parameters) {
				if (parameter.in().equals("path")) {
					target = target.replace("{" + parameter.name() + "}", parameter == bad ? value : sample(parameter));
				}
			}
			return target;
		}

		private static String sample(Parameter parameter) {
			return parameter.format().equals("uuid") ? UUID.randomUUID().toString()
					: parameter.type().equals("integer") ? "1" : "x";
		}
	}

	private static JsonNode resolve(JsonNode schema, JsonNode document) {
		var reference = schema.path("$ref").asString("");
		if (reference.startsWith("#/components/schemas/")) {
			return document.path("components").path("schemas").path(reference.substring(21));
		}
		return schema;
	}

	private void walk(Operation operation) throws Exception {
		var target = operation.target();
		for (var query : BAD_QUERIES) {
			send("query-encoding", operation.method(), target + "?" + query, "application/json",
					operation.takesBody() ? "{}".getBytes() : null, null);
		}
		for (var accept : BAD_ACCEPTS) {
			send("accept", operation.method(), target, operation.takesBody() ? "application/json" : null,
					operation.takesBody() ? "{}".getBytes() : null, accept);
		}
		if (operation.takesBody()) {
			for (var type : BAD_CONTENT_TYPES) {
				send("media-type", operation.method(), target, type, "{}".getBytes(), null);
			}
		}
		if (operation.body() != null) {
			for (var bytes : BAD_BYTES) {
				send("body-encoding", operation.method(), target, "application/json", bytes, null);
			}
			for (var body : strictJsonCases(operation.body())) {
				send("json", operation.method(), target, "application/json", body.getBytes(StandardCharsets.UTF_8),
						null);
			}
		}
		for (var parameter : operation.parameters()) {
			var values = parameter.type().equals("integer") || parameter.type().equals("number") ? BAD_NUMBERS
					: parameter.format().equals("date") ? BAD_DATES
					: parameter.format().equals("uuid") ? BAD_UUIDS : List.<String>of();
			for (var value : values) {
				var request = parameter.in().equals("path") ? operation.targetWith(parameter, value)
						: target + "?" + parameter.name() + "=" + value;
				send("parameter", operation.method(), request, operation.takesBody() ? "application/json" : null,
						operation.takesBody() ? "{}".getBytes() : null, null);
			}
		}
	}

	/** Bodies that break JSON's strict rules on the first members of the operation's body schema. */
	private static List<String> strictJsonCases(JsonNode schema) {
		var cases = new ArrayList<String>();
		schema.path("properties").properties().forEach(property -> {
			var name = property.getKey();
			var type = property.getValue().path("type").asString("");
			var sample = switch (type) {
				case "integer", "number" -> "1";
				case "boolean" -> "true";
				case "array" -> "[]";
				case "object" -> "{}";
				default -> "\"x\"";
			};
			cases.add("{\"%s\":%s,\"%s\":%s}".formatted(name, sample, name, sample));
			switch (type) {
				case "integer" -> {
					cases.add("{\"%s\":2.5}".formatted(name));
					cases.add("{\"%s\":2.0}".formatted(name));
					cases.add("{\"%s\":+1}".formatted(name));
				}
				case "number" -> cases.add("{\"%s\":+1}".formatted(name));
				case "string" -> cases.add("{\"%s\":\"\\ud800x\"}".formatted(name));
				default -> { }
			}
		});
		return cases;
	}

	private void send(String inputClass, String method, String target, String contentType, byte[] body,
			String accept) throws Exception {
		sent.merge(inputClass, 1, Integer::sum);
		// java.net.URI refuses a broken escape such as %ZZ; those go over a socket as a client would send them
		if (!parses(base + target)) {
			sendRaw(inputClass, method, target, contentType, body);
			return;
		}
		var builder = HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(20))
				.header("Authorization", "Bearer " + token)
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null && !contentType.isEmpty()) {
			builder.header("Content-Type", contentType);
		}
		if (accept != null) {
			builder.header("Accept", accept);
		}
		var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		var type = response.headers().firstValue("Content-Type").orElse("");
		var ok = response.statusCode() >= 400 && response.statusCode() < 500
				&& type.startsWith("application/problem+json") && problemType(response.body());
		if (!ok) {
			failures.add(new Failure(inputClass, method, target, response.statusCode(), response.body()));
		}
	}

	private static boolean parses(String uri) {
		try {
			new URI(uri);
			return true;
		}
		catch (java.net.URISyntaxException e) {
			return false;
		}
	}

	private void sendRaw(String inputClass, String method, String target, String contentType, byte[] body)
			throws Exception {
		var address = URI.create(base);
		try (var socket = new java.net.Socket(address.getHost(), address.getPort())) {
			socket.setSoTimeout(20_000);
			var head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + address.getAuthority()
					+ "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n");
			if (contentType != null && !contentType.isEmpty()) {
				head.append("Content-Type: ").append(contentType).append("\r\n");
			}
			head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
			socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
			if (body != null) {
				socket.getOutputStream().write(body);
			}
			var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			var status = Integer.parseInt(answer.substring(9, 12));
			var split = answer.indexOf("\r\n\r\n");
			var headers = answer.substring(0, Math.max(split, 0)).toLowerCase(java.util.Locale.ROOT);
			var content = split < 0 ? "" : answer.substring(split + 4);
			if (headers.contains("transfer-encoding: chunked")) {
				content = content.substring(content.indexOf("\r\n") + 2);
			}
			var ok = status >= 400 && status < 500 && headers.contains("content-type: application/problem+json")
					&& content.contains("https://yuelv.app/problems/");
			if (!ok) {
				failures.add(new Failure(inputClass, method, target, status, answer));
			}
		}
	}

	private boolean problemType(String body) {
		try {
			return json.readTree(body).path("type").asString("").startsWith("https://yuelv.app/problems/");
		}
		catch (RuntimeException notJson) {
			return false;
		}
	}

	private static byte[] bytes(Object... parts) {
		var out = new ByteArrayOutputStream();
		for (var part : parts) {
			if (part instanceof String text) {
				out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
			}
			else {
				out.write((Integer) part);
			}
		}
		return out.toByteArray();
	}
}
