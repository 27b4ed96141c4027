package com.yuelv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.yuelv.ApiTestSupport;
import com.yuelv.ContractWalk;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.TableContents;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request contract over real HTTP, on the single JAR: every class of bad input sent to every operation of the
 * OpenAPI document and to the actuator is a 4xx problem, logs no ERROR and stores nothing; and each class's refusal
 * says what was wrong in the API's words.
 */
@EmbeddedModeTest
class RequestContractIntegrationTests extends ApiTestSupport {

	@LocalServerPort int port;
	@Autowired MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();
	private final JsonMapper json = JsonMapper.builder().build();
	private final ListAppender<ILoggingEvent> errors = new ListAppender<>();

	@BeforeEach
	void captureErrors() {
		errors.start();
		root().addAppender(errors);
	}

	@AfterEach
	void releaseErrors() {
		root().detachAppender(errors);
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private List<String> errorLines() {
		return errors.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
				.map(ILoggingEvent::getFormattedMessage).toList();
	}

	/** An account given the admin role behind the API's back, so that every operation is reached. */
	private String adminToken() {
		var person = api.register("Contract Walker");
		jdbc.sql("insert into identity.account_roles (account_id, role) values (?, 'ADMIN')").param(person.id())
				.update();
		return api.logIn(person.email()).accessToken();
	}

	@Test
	void everyClassOfBadInputIsAProblemOnEveryOperationAndStoresNothing() throws Exception {
		var token = adminToken();
		var document = json.readTree(get("/v3/api-docs", null, null).body());
		var started = OffsetDateTime.now();
		var before = TableContents.of(jdbc, started);
		var refusedBefore = refusals();

		var walk = new ContractWalk(base(), token).walk(document);

		assertThat(walk.failures()).as("answers that are not 4xx problems").isEmpty();
		assertThat(errorLines()).as("ERROR lines logged").isEmpty();
		assertThat(TableContents.of(jdbc, started)).isEqualTo(before);
		var refused = new TreeMap<String, Double>();
		refusals().forEach((refusalClass, count) -> refused.put(refusalClass,
				count - refusedBefore.getOrDefault(refusalClass, 0.0)));
		System.out.printf("Contract walk: %s requests sent by class %s; refusals counted by class %s%n",
				walk.sent().values().stream().mapToInt(Integer::intValue).sum(), walk.sent(), refused);
		assertThat(walk.sent().keySet()).contains("query-encoding", "accept", "media-type", "body-encoding", "json",
				"parameter");
		assertThat(refused).hasEntrySatisfying("query-encoding", count -> assertThat(count).isPositive())
				.hasEntrySatisfying("accept", count -> assertThat(count).isPositive())
				.hasEntrySatisfying("media-type", count -> assertThat(count).isPositive())
				.hasEntrySatisfying("body-encoding", count -> assertThat(count).isPositive())
				.hasEntrySatisfying("json", count -> assertThat(count).isPositive())
				.hasEntrySatisfying("parameter", count -> assertThat(count).isPositive());
	}

	@Test
	void aQueryThatIsNotUtf8IsRefusedNamingTheParameter() throws Exception {
		for (var value : List.of("%FF", "%C0%80", "%E6%97", "%ED%A0%80")) {
			var response = get("/api/v1/trips?destination=" + value, null, null);

			assertThat(response.statusCode()).isEqualTo(400);
			var problem = json.readTree(response.body());
			assertThat(problem.path("type").asString()).endsWith("/malformed-query");
			assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("destination");
		}
		assertThat(errorLines()).isEmpty();
	}

	@Test
	void onlyJsonInUtf8IsTakenAndOnlyJsonIsAnswered() throws Exception {
		for (var type : List.of("*/*", "application/*", "text/*", "application/yaml",
				"application/json; charset=ISO-8859-1")) {
			var response = send("POST", "/api/v1/auth/login", type, null,
					"{\"email\":\"a@b.cd\",\"password\":\"whatever it is\"}".getBytes(StandardCharsets.UTF_8));
			assertThat(response.statusCode()).as(type).isEqualTo(415);
			assertThat(json.readTree(response.body()).path("type").asString()).endsWith("/unsupported-media-type");
		}
		var yaml = get("/api/v1/trips", null, "application/yaml");
		assertThat(yaml.statusCode()).isEqualTo(406);
		assertThat(yaml.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(get("/api/v1/trips", null, "application/json, text/plain;q=0.5").statusCode()).isEqualTo(200);
	}

	@Test
	void jsonIsReadStrictly() throws Exception {
		var person = api.register("Strict Json");
		var twice = send("POST", "/api/v1/auth/login", "application/json", null, ("{\"email\":\"" + person.email()
				+ "\",\"password\":\"wrong password here\",\"password\":\"" + com.yuelv.Api.PASSWORD + "\"}")
				.getBytes(StandardCharsets.UTF_8));
		assertThat(twice.statusCode()).isEqualTo(400);
		var problem = json.readTree(twice.body());
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("password");
		assertThat(problem.path("errors").get(0).path("rule").asString()).isEqualTo("duplicate-field");

		var trip = """
				{"title":{"en":"Strict numbers"},"destination":"Lijiang","startDate":"%s","endDate":"%s",
				 "seats":SEATS,"budget":{"amount":100,"currency":"CNY"},"languages":["en"]}"""
				.formatted(java.time.LocalDate.now().plusMonths(1), java.time.LocalDate.now().plusMonths(1).plusDays(2));
		for (var seats : List.of("2.5", "2.0", "+2")) {
			var response = send("POST", "/api/v1/trips", "application/json", person.accessToken(),
					trip.replace("SEATS", seats).getBytes(StandardCharsets.UTF_8));
			assertThat(response.statusCode()).as(seats).isEqualTo(400);
		}
		var dateTime = send("POST", "/api/v1/trips", "application/json", person.accessToken(), trip
				.replace("SEATS", "2").replaceFirst("\"startDate\":\"([0-9-]+)\"", "\"startDate\":\"$1T10:00\"")
				.getBytes(StandardCharsets.UTF_8));
		assertThat(dateTime.statusCode()).isEqualTo(400);
		assertThat(json.readTree(dateTime.body()).path("errors").get(0).path("field").asString())
				.isEqualTo("startDate");
		var surrogate = send("POST", "/api/v1/trips", "application/json", person.accessToken(), trip
				.replace("SEATS", "2").replace("Lijiang", "Lijiang\\ud800").getBytes(StandardCharsets.UTF_8));
		assertThat(surrogate.statusCode()).isEqualTo(400);
		assertThat(json.readTree(surrogate.body()).path("errors").get(0).path("field").asString())
				.isEqualTo("destination");
		var overlong = send("POST", "/api/v1/auth/login", "application/json", null,
				new byte[] { '{', '"', 'e', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}' });
		assertThat(overlong.statusCode()).isEqualTo(400);
		assertThat(json.readTree(overlong.body()).path("detail").asString()).contains("UTF-8");
		assertThat(jdbc.sql("select count(*) from trip.trips where organizer_id = ?").param(person.id())
				.query(Long.class).single()).isZero();
	}

	@Test
	void parametersAreReadStrictlyAndProblemsSpeakTheApisWords() throws Exception {
		var cases = Map.of(
				"/api/v1/trips?size=0x10", "size",
				"/api/v1/nearby-trips?latitude=0x1p3&longitude=1", "latitude",
				"/api/v1/nearby-trips?latitude=1&longitude=%2B5", "longitude",
				"/api/v1/trips?from=2027-01-01T10:00", "from",
				"/api/v1/search/trips?q=x&to=-999999999-01-01", "to",
				"/api/v1/trips/1-1-1-1-1", "id");
		for (var entry : cases.entrySet()) {
			var response = get(entry.getKey(), null, null);
			var problem = json.readTree(response.body());
			assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
			assertThat(problem.path("errors").get(0).path("field").asString()).as(entry.getKey())
					.isEqualTo(entry.getValue());
			assertInOwnWords(problem);
		}
		var token = api.register("Lost Caller").accessToken();
		for (var path : List.of("/api/v1/nothing-here", "/error")) {
			var response = get(path, token, null);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertInOwnWords(json.readTree(response.body()));
		}
		var unknownField = send("POST", "/api/v1/auth/login", "application/json", null,
				"{\"email\":\"a@b.cd\",\"password\":\"x\",\"extra\":1}".getBytes(StandardCharsets.UTF_8));
		assertInOwnWords(json.readTree(unknownField.body()));
		var deep = send("POST", "/api/v1/auth/login", "application/json", null,
				("{\"email\":" + "[".repeat(2000) + "]".repeat(2000) + "}").getBytes(StandardCharsets.UTF_8));
		assertThat(deep.statusCode()).isEqualTo(400);
		assertInOwnWords(json.readTree(deep.body()));
		var wrongType = send("POST", "/api/v1/auth/login", "application/json", null,
				"{\"email\":\"a@b.cd\",\"password\":5}".getBytes(StandardCharsets.UTF_8));
		assertInOwnWords(json.readTree(wrongType.body()));
	}

	private static void assertInOwnWords(JsonNode problem) {
		var text = problem.toString();
		assertThat(text).doesNotContain("$", "Controller", "StreamReadConstraints", "Jackson", "a int",
				"No static resource", "java.", "tools.");
	}

	@Test
	void headIsAnsweredLikeGetAndEveryAnswerCarriesTheBrowserHeaders() throws Exception {
		var head = send("HEAD", "/api/v1/trips", null, null, null);
		assertThat(head.statusCode()).isEqualTo(200);
		var response = get("/api/v1/trips", null, null);
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.headers().firstValue("Permissions-Policy")).hasValueSatisfying(
				policy -> assertThat(policy).contains("camera=()"));
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				policy -> assertThat(policy).contains("default-src 'none'", "frame-ancestors 'none'"));
		assertThat(get("/swagger-ui/index.html", null, null).headers().firstValue("Content-Security-Policy"))
				.isPresent();
	}

	@Test
	void theApiNamesItselfByItsConfiguredUrlWhateverHostACallerSends() throws Exception {
		var docs = withHost("/v3/api-docs", "evil.example:8443");
		assertThat(docs).doesNotContain("evil");
		assertThat(json.readTree(docs.substring(docs.indexOf("\r\n\r\n") + 4)).path("servers").get(0).path("url")
				.asString()).isEqualTo("http://localhost:8080");

		var challenge = withHost("/api/v1/me", "evil.example");
		assertThat(challenge).startsWith("HTTP/1.1 401").doesNotContain("evil")
				.contains("resource_metadata=\"http://localhost:8080/.well-known/oauth-protected-resource\"");

		var metadata = withHost("/.well-known/oauth-protected-resource", "evil.example");
		assertThat(metadata).doesNotContain("evil");
		var claims = json.readTree(metadata.substring(metadata.indexOf("\r\n\r\n") + 4));
		assertThat(claims.path("resource").asString()).isEqualTo("http://localhost:8080");
		assertThat(claims.path("tls_client_certificate_bound_access_tokens").asBoolean(true)).isFalse();
	}

	/** A GET with the Host header a caller chose (java.net.http will not send one), answered whole. */
	private String withHost(String path, String host) throws Exception {
		try (var socket = new java.net.Socket("localhost", port)) {
			socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private Map<String, Double> refusals() {
		var counts = new TreeMap<String, Double>();
		meters.find("yuelv.http.refused").counters()
				.forEach(counter -> counts.put(counter.getId().getTag("class"), counter.count()));
		return counts;
	}

	private String base() {
		return "http://localhost:" + port;
	}

	private HttpResponse<String> get(String path, String token, String accept) throws Exception {
		var builder = HttpRequest.newBuilder(URI.create(base() + path));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		if (accept != null) {
			builder.header("Accept", accept);
		}
		return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(String method, String path, String contentType, String token, byte[] body)
			throws Exception {
		var builder = HttpRequest.newBuilder(URI.create(base() + path)).method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}
}
