package com.yuelv.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.TableContents;

/**
 * Every endpoint of the API against every class of bad input: each answer is a 4xx problem, and nothing is stored.
 */
@EmbeddedModeTest
class BadInputIntegrationTests extends ApiTestSupport {

	/**
	 * An endpoint, whether it needs a token, and a body whose JSON is fine but one field has the wrong type. The path
	 * may name {@code {trip}} (a draft of the caller's) and {@code {account}} (the caller's own account), so that a
	 * request that wrongly got through would have something to change.
	 */
	record Endpoint(HttpMethod method, String path, boolean authenticated, String wrongTypeBody) {

		boolean takesBody() {
			return wrongTypeBody != null;
		}

		@Override
		public String toString() {
			return method + " " + path;
		}
	}

	static final String ID = "00000000-0000-4000-8000-000000000001";

	static final List<Endpoint> ENDPOINTS = List.of(
			new Endpoint(HttpMethod.POST, "/api/v1/auth/register", false,
					"{\"email\":{\"a\":1},\"password\":\"x\",\"displayName\":\"x\"}"),
			new Endpoint(HttpMethod.POST, "/api/v1/auth/login", false, "{\"email\":[1],\"password\":\"x\"}"),
			new Endpoint(HttpMethod.POST, "/api/v1/auth/refresh", false, "{\"refreshToken\":{\"a\":1}}"),
			new Endpoint(HttpMethod.POST, "/api/v1/auth/logout", false, "{\"refreshToken\":[]}"),
			new Endpoint(HttpMethod.GET, "/api/v1/me", true, null),
			new Endpoint(HttpMethod.PUT, "/api/v1/me/profile", true,
					"{\"displayName\":\"x\",\"languages\":\"en\",\"interests\":[]}"),
			new Endpoint(HttpMethod.GET, "/api/v1/profiles/" + ID, true, null),
			new Endpoint(HttpMethod.PUT, "/api/v1/admin/accounts/{account}/roles", true, "{\"roles\":\"ADMIN\"}"),
			new Endpoint(HttpMethod.POST, "/api/v1/trips", true, "{\"title\":{\"zh\":\"x\"},\"seats\":\"many\"}"),
			new Endpoint(HttpMethod.PUT, "/api/v1/trips/{trip}", true, "{\"version\":\"latest\",\"trip\":{}}"),
			new Endpoint(HttpMethod.POST, "/api/v1/trips/{trip}/publication", true, null),
			new Endpoint(HttpMethod.POST, "/api/v1/trips/{trip}/cancellation", true, "{\"reason\":{\"a\":1}}"),
			new Endpoint(HttpMethod.GET, "/api/v1/trips/{trip}", false, null),
			new Endpoint(HttpMethod.GET, "/api/v1/trips", false, null),
			new Endpoint(HttpMethod.GET, "/api/v1/inbox", true, null),
			new Endpoint(HttpMethod.POST, "/api/v1/inbox/" + ID + "/read", true, null),
			new Endpoint(HttpMethod.POST, "/api/v1/inbox/read-all", true, null),
			new Endpoint(HttpMethod.POST, "/api/v1/trips/{trip}/join-requests", true, "{\"message\":{\"a\":1}}"),
			new Endpoint(HttpMethod.GET, "/api/v1/trips/{trip}/join-requests", true, null),
			new Endpoint(HttpMethod.GET, "/api/v1/trips/{trip}/seats", false, null),
			new Endpoint(HttpMethod.GET, "/api/v1/join-requests", true, null),
			new Endpoint(HttpMethod.GET, "/api/v1/join-requests/" + ID, true, null),
			new Endpoint(HttpMethod.POST, "/api/v1/join-requests/" + ID + "/acceptance", true, null),
			new Endpoint(HttpMethod.POST, "/api/v1/join-requests/" + ID + "/rejection", true, "{\"reason\":[1]}"),
			new Endpoint(HttpMethod.POST, "/api/v1/join-requests/" + ID + "/withdrawal", true, null),
			new Endpoint(HttpMethod.GET, "/api/v1/places?prefix=kyo", false, null),
			new Endpoint(HttpMethod.GET, "/api/v1/places/1857910", false, null),
			new Endpoint(HttpMethod.GET, "/api/v1/places/distance?from=1,1&to=2,2", false, null),
			new Endpoint(HttpMethod.GET, "/api/v1/nearby-trips?latitude=1&longitude=1", false, null),
			new Endpoint(HttpMethod.GET, "/api/v1/search/trips?q=kyoto", false, null));

	@Autowired JwtEncoder jwtEncoder;

	Api.Person admin;
	String trip;

	final java.time.OffsetDateTime started = java.time.OffsetDateTime.now();

	@BeforeEach
	void setUp() {
		admin = api.register("bad-input-admin-" + UUID.randomUUID() + "@yuelv.test", "Admin");
		// the account is a plain traveler; give it the admin role so admin endpoints get past authorization
		jdbc.sql("insert into identity.account_roles (account_id, role) values (?, 'ADMIN')").param(admin.id())
				.update();
		admin = api.logIn(admin.email());
		var start = java.time.LocalDate.now().plusDays(20);
		trip = api.post("/api/v1/trips", Map.of("title", Map.of("en", "Untouchable"), "destination", "Nowhere",
				"startDate", start.toString(), "endDate", start.plusDays(1).toString(), "stops",
				List.of(Map.of("placeName", "Here", "latitude", 1, "longitude", 1, "day", 1)), "seats", 1, "budget",
				Map.of("amount", 1, "currency", "EUR"), "languages", List.of("en")), admin.accessToken())
				.string("$.id");
	}

	private String path(Endpoint endpoint) {
		return endpoint.path().replace("{trip}", trip).replace("{account}", admin.id().toString());
	}

	static Stream<Arguments> bodyEndpoints() {
		return ENDPOINTS.stream().filter(Endpoint::takesBody).map(Arguments::of);
	}

	static Stream<Arguments> authenticatedEndpoints() {
		return ENDPOINTS.stream().filter(Endpoint::authenticated).map(Arguments::of);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodyEndpoints")
	void everyBodyEndpointRefusesBrokenBodiesAndStoresNothing(Endpoint endpoint) {
		var before = snapshot();
		var malformed = "{\"email\": \"a@b.c\", ".getBytes(StandardCharsets.UTF_8);
		var invalidUtf8 = new byte[] { '{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '"', (byte) 0xE6,
				(byte) 0x97, '"', '}' };
		var oversized = ("{\"reason\":\"" + "旅".repeat(30_000) + "\"}").getBytes(StandardCharsets.UTF_8);

		expect(endpoint, malformed, MediaType.APPLICATION_JSON, 400, "malformed-request");
		expect(endpoint, "[1, 2]".getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, 400,
				"malformed-request");
		expect(endpoint, endpoint.wrongTypeBody().getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, 400,
				null);
		expect(endpoint, "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, 400,
				null);
		expect(endpoint, invalidUtf8, MediaType.APPLICATION_JSON, 400, null);
		expect(endpoint, oversized, MediaType.APPLICATION_JSON, 413, "payload-too-large");
		expect(endpoint, "email=a".getBytes(StandardCharsets.UTF_8), MediaType.TEXT_PLAIN, 415,
				"unsupported-media-type");

		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void scalarsOfTheWrongJsonTypeAreNotConverted() {
		var before = snapshot();

		var quotedNumber = api.post("/api/v1/trips", Map.of("title", Map.of("en", "x"), "seats", "4"),
				admin.accessToken());
		var numberForText = api.post("/api/v1/auth/register",
				Map.of("email", "n-" + UUID.randomUUID() + "@yuelv.test", "password", Api.PASSWORD, "displayName", 5),
				null);
		var textForBoolean = api.post("/api/v1/auth/login", Map.of("email", true, "password", Api.PASSWORD), null);

		assertThat(quotedNumber.status()).isEqualTo(400);
		assertThat(quotedNumber.string("$.errors[0].field")).isEqualTo("seats");
		assertThat(numberForText.status()).isEqualTo(400);
		assertThat(numberForText.string("$.errors[0].field")).isEqualTo("displayName");
		assertThat(textForBoolean.status()).isEqualTo(400);
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void anUnknownEnumValueNamesTheField() {
		var response = api.perform(Api.request(HttpMethod.PUT, "/api/v1/admin/accounts/" + admin.id() + "/roles",
				admin.accessToken()).contentType(MediaType.APPLICATION_JSON).content("{\"roles\":[\"KING\"]}"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.string("$.errors[0].field")).isEqualTo("roles[0]");
		assertThat(response.string("$.errors[0].message")).contains("ADMIN", "TRAVELER");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("authenticatedEndpoints")
	void everyProtectedEndpointRefusesMissingExpiredAndTamperedTokens(Endpoint endpoint) {
		var before = snapshot();
		var now = Instant.now();
		var expired = jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(),
				JwtClaimsSet.builder().issuer(issuer()).subject(admin.id().toString()).claim("roles", List.of("ADMIN"))
						.issuedAt(now.minus(1, ChronoUnit.HOURS)).expiresAt(now.minus(1, ChronoUnit.MINUTES)).build()))
				.getTokenValue();
		var signature = admin.accessToken().substring(admin.accessToken().lastIndexOf('.') + 1);
		var tampered = admin.accessToken().substring(0, admin.accessToken().lastIndexOf('.') + 1)
				+ new StringBuilder(signature).reverse();

		for (var token : new String[] { null, expired, tampered, "Bearer" }) {
			var request = Api.request(endpoint.method(), path(endpoint), token);
			if (endpoint.takesBody()) {
				request.contentType(MediaType.APPLICATION_JSON).content("{}");
			}
			var response = api.perform(request);
			assertThat(response.status()).as("%s with %s", endpoint, token).isEqualTo(401);
		}
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void unknownRoutesAndMethodsAreProblemsToo() {
		var unknown = api.get("/api/v1/nowhere", admin.accessToken());
		var wrongMethod = api.perform(Api.request(HttpMethod.DELETE, "/api/v1/trips", admin.accessToken()));

		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.string("$.type")).endsWith("/not-found");
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.string("$.type")).endsWith("/method-not-allowed");
	}

	private void expect(Endpoint endpoint, byte[] body, MediaType type, int status, String problem) {
		var token = endpoint.authenticated() ? admin.accessToken() : null;
		var response = api.perform(Api.request(endpoint.method(), path(endpoint), token).contentType(type)
				.content(body));
		assertThat(response.status()).as("%s: %s", endpoint, response.body()).isEqualTo(status);
		if (problem != null) {
			assertThat(response.string("$.type")).endsWith("/" + problem);
		}
	}

	@Test
	void controlCharactersInPeopleTextsAreRefusedByName() {
		var before = snapshot();
		var nul = "\u0000";

		var register = api.post("/api/v1/auth/register", Map.of("email", "nul-" + UUID.randomUUID() + "@yuelv.test",
				"password", Api.PASSWORD, "displayName", "A" + nul + "B"), null);
		var blankName = api.post("/api/v1/auth/register", Map.of("email", "blank-" + UUID.randomUUID() + "@yuelv.test",
				"password", Api.PASSWORD, "displayName", "\u3000\u3000"), null);
		var bio = api.put("/api/v1/me/profile", Map.of("displayName", "Admin", "languages", List.of(), "interests",
				List.of("hiking"), "bio", "line one\nline" + nul + "two"), admin.accessToken());
		var interest = api.put("/api/v1/me/profile", Map.of("displayName", "Admin", "languages", List.of(),
				"interests", List.of("hi" + nul + "king")), admin.accessToken());
		var reason = api.post("/api/v1/trips/" + trip + "/cancellation", Map.of("reason", "rain" + nul),
				admin.accessToken());
		var c1InCity = api.put("/api/v1/me/profile", Map.of("displayName", "Admin", "homeCity", "Kyoto\u0085",
				"languages", List.of(), "interests", List.of()), admin.accessToken());

		assertThat(register.string("$.errors[0].field")).isEqualTo("displayName");
		assertThat(blankName.string("$.errors[0].field")).isEqualTo("displayName");
		assertThat(bio.string("$.errors[0].field")).isEqualTo("bio");
		assertThat(interest.string("$.errors[0].field")).startsWith("interests[0]");
		assertThat(reason.string("$.errors[0].field")).isEqualTo("reason");
		assertThat(c1InCity.string("$.errors[0].field")).isEqualTo("homeCity");
		for (var response : List.of(register, blankName, bio, interest, reason, c1InCity)) {
			assertThat(response.status()).as(response.body()).isEqualTo(400);
		}
		assertThat(snapshot()).isEqualTo(before);
	}

	private Map<String, List<String>> snapshot() {
		return TableContents.of(jdbc, started);
	}
}
