package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;

import com.jayway.jsonpath.JsonPath;
import com.yuelv.Api.Person;
import com.yuelv.trip.TripBodies;

/**
 * The OWASP API Security Top 10 (2023) where it applies to this API, tried as an attacker would with a valid account
 * of their own: API1, another person's objects (join requests, inbox entries, draft trips) cannot be read or changed
 * and their existence is not told; API3, fields a client must not set are refused and change nothing, and answers
 * carry no more than the caller may see (no email but one's own); API5, functions of another role are refused.
 * Others are covered where they live: API2 by the identity and token tests, API4 by the rate limits and the request
 * contract, API8 by the security headers and problems, API10 by the payment webhook's signature.
 */
@EmbeddedModeTest
class ApiSecurityTopTenTests extends ApiTestSupport {

	@Test
	void api1AnotherTravelersJoinRequestCanBeNeitherReadNorDecidedNorWithdrawn() {
		var organizer = api.register("Owner Organizer");
		var traveler = api.register("Honest Traveler");
		var attacker = api.register("Curious Attacker");
		var trip = published(organizer);
		var request = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of("message", "private words"),
				traveler.accessToken()).string("$.id");

		assertProblem(api.get("/api/v1/join-requests/" + request, attacker.accessToken()), 404,
				"join-request-not-found");
		for (var decision : List.of("acceptance", "rejection", "withdrawal")) {
			var response = api.post("/api/v1/join-requests/" + request + "/" + decision, Map.of(),
					attacker.accessToken());
			assertThat(response.status()).as(decision).isIn(403, 404);
		}
		assertProblem(api.post("/api/v1/join-requests/" + request + "/acceptance", Map.of(), traveler.accessToken()),
				403, "not-organizer");
		assertProblem(api.get("/api/v1/trips/" + trip + "/join-requests", attacker.accessToken()), 403,
				"not-organizer");
		var mine = api.get("/api/v1/join-requests", attacker.accessToken());
		assertThat(mine.<List<?>>at("$.items")).isEmpty();

		var unchanged = api.get("/api/v1/join-requests/" + request, traveler.accessToken());
		assertThat(unchanged.string("$.status")).isEqualTo("PENDING");
	}

	@Test
	void api1AnotherPersonsInboxEntryCannotBeMarkedAndIsNotListed() {
		var organizer = api.register("Inbox Owner");
		var attacker = api.register("Inbox Snoop");
		var trip = published(organizer);
		var traveler = api.register("Asking Traveler");
		api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), traveler.accessToken());
		await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/inbox", organizer.accessToken())
			.<List<String>>at("$.items[*].kind").contains("JOIN_REQUESTED"));
		var inbox = api.get("/api/v1/inbox", organizer.accessToken());
		List<String> ids = inbox.at("$.items[*].id");
		int unread = inbox.at("$.unread");

		for (var id : ids) {
			assertProblem(api.post("/api/v1/inbox/" + id + "/read", Map.of(), attacker.accessToken()), 404,
					"inbox-entry-not-found");
			assertThat(api.get("/api/v1/inbox", attacker.accessToken()).body()).doesNotContain(id);
		}
		api.post("/api/v1/inbox/read-all", Map.of(), attacker.accessToken());
		assertThat(api.get("/api/v1/inbox", organizer.accessToken()).<Integer>at("$.unread")).isEqualTo(unread);
	}

	@Test
	void api1AnotherOrganizersDraftCanBeNeitherReadNorRevisedNorPublished() {
		var organizer = api.register("Draft Owner");
		var attacker = api.register("Draft Snoop");
		var draft = api.post("/api/v1/trips", TripBodies.valid(), organizer.accessToken());
		var id = draft.string("$.id");
		long version = ((Number) draft.at("$.version")).longValue();

		assertProblem(api.get("/api/v1/trips/" + id, attacker.accessToken()), 404, "trip-not-found");
		assertProblem(api.get("/api/v1/trips/" + id, null), 404, "trip-not-found");
		var revision = api.put("/api/v1/trips/" + id,
				Map.of("version", version, "trip", TripBodies.with("destination", "Taken Over")), attacker.accessToken());
		assertThat(revision.status()).isIn(403, 404);
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), attacker.accessToken()).status())
			.isIn(403, 404);
		assertThat(api.post("/api/v1/trips/" + id + "/cancellation", Map.of(), attacker.accessToken()).status())
			.isIn(403, 404);
		assertThat(api.get("/api/v1/trips?destination=Taken", null).<List<?>>at("$.items")).isEmpty();

		var own = api.get("/api/v1/trips/" + id, organizer.accessToken());
		assertThat(own.string("$.status")).isEqualTo("DRAFT");
		assertThat(own.string("$.destination")).isEqualTo("京都 Kyoto");
		assertThat(((Number) own.at("$.version")).longValue()).isEqualTo(version);
	}

	@Test
	void api3AnswersAboutOthersCarryNoEmailOrAccountFields() {
		var organizer = api.register("Exposed Organizer");
		var traveler = api.register("Exposed Traveler");
		var attacker = api.register("Data Harvester");
		var trip = published(organizer);
		api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), traveler.accessToken());

		var profile = api.get("/api/v1/profiles/" + organizer.id(), attacker.accessToken());
		assertThat(profile.status()).isEqualTo(200);
		assertThat(profile.<Map<String, Object>>at("$")).doesNotContainKeys("email", "roles", "createdAt", "version");
		for (var answer : List.of(profile, api.get("/api/v1/trips/" + trip, attacker.accessToken()),
				api.get("/api/v1/trips/" + trip, null), api.get("/api/v1/trips?destination=Kyoto", null),
				api.get("/api/v1/search/trips?q=京都", null), api.get("/api/v1/trips/" + trip + "/seats", null),
				api.get("/api/v1/profiles/" + organizer.id() + "/social", attacker.accessToken()))) {
			assertThat(answer.body()).doesNotContain(organizer.email()).doesNotContain(traveler.email())
				.doesNotContainIgnoringCase("\"email\"").doesNotContainIgnoringCase("passwordHash");
		}
		var requests = api.get("/api/v1/trips/" + trip + "/join-requests", organizer.accessToken());
		assertThat(requests.status()).isEqualTo(200);
		assertThat(requests.body()).as("the organizer sees travelers by id, not by email")
			.doesNotContain(traveler.email());
	}

	@Test
	void api3RegistrationCannotGrantItselfARoleOrChooseItsId() throws Exception {
		var email = "mass-" + java.util.UUID.randomUUID() + "@yuelv.test";
		var sneaky = send(HttpMethod.POST, "/api/v1/auth/register", """
				{"email":"%s","password":"%s","displayName":"Sneaky","roles":["ADMIN"],
				 "id":"00000000-0000-0000-0000-000000000001"}""".formatted(email, Api.PASSWORD), null);
		assertThat(sneaky.getStatus()).isEqualTo(400);
		assertThat(JsonPath.<String>read(body(sneaky), "$.type")).endsWith("/malformed-request");
		assertThat(JsonPath.<String>read(body(sneaky), "$.detail")).contains("roles");
		assertThat(jdbc.sql("select count(*) from identity.accounts where email_index = ?").param(emailIndex(email)).query(Long.class)
			.single()).isZero();
	}

	@Test
	void api3AProfileUpdateCannotChangeTheEmailOrRoles() throws Exception {
		var person = api.register("Profile Owner");
		for (var field : List.of("\"email\":\"taken-over@evil.example\"", "\"roles\":[\"ADMIN\"]",
				"\"id\":\"" + java.util.UUID.randomUUID() + "\"", "\"version\":0")) {
			var update = send(HttpMethod.PUT, "/api/v1/me/profile", """
					{"displayName":"Changed","languages":[],"interests":[],%s}""".formatted(field),
					person.accessToken());
			assertThat(update.getStatus()).as(field).isEqualTo(400);
		}
		var me = api.get("/api/v1/me", person.accessToken());
		assertThat(me.string("$.email")).isEqualTo(person.email());
		assertThat(me.<List<String>>at("$.roles")).containsExactly("TRAVELER");
		assertThat(me.string("$.profile.displayName")).isEqualTo("Profile Owner");
	}

	@Test
	void api3ATripCannotBeCreatedForAnotherOrganizerOrAlreadyPublished() throws Exception {
		var attacker = api.register("Trip Forger");
		var victim = api.register("Trip Victim");
		var json = api.write(TripBodies.valid());
		for (var field : List.of("\"organizerId\":\"" + victim.id() + "\"", "\"status\":\"PUBLISHED\"",
				"\"id\":\"" + java.util.UUID.randomUUID() + "\"", "\"seatsTaken\":0", "\"version\":7")) {
			var forged = send(HttpMethod.POST, "/api/v1/trips", json.substring(0, json.length() - 1) + "," + field + "}",
					attacker.accessToken());
			assertThat(forged.getStatus()).as(field).isEqualTo(400);
		}
		var trip = published(victim);
		var asked = send(HttpMethod.POST, "/api/v1/trips/" + trip + "/join-requests",
				"{\"message\":\"hi\",\"status\":\"ACCEPTED\"}", attacker.accessToken());
		assertThat(asked.getStatus()).isEqualTo(400);
		assertThat(api.get("/api/v1/join-requests", attacker.accessToken()).<List<?>>at("$.items")).isEmpty();
	}

	@Test
	void api5FunctionsOfAnotherRoleAreRefused() {
		var traveler = api.register("Would-be Admin");
		for (var path : List.of("/api/v1/admin/reports", "/api/v1/admin/sensitive-words", "/actuator/audit",
				"/actuator/traffic", "/actuator/events")) {
			assertThat(api.get(path, traveler.accessToken()).status()).as(path).isEqualTo(403);
		}
		var promote = api.put("/api/v1/admin/accounts/" + traveler.id() + "/roles", Map.of("roles", List.of("ADMIN")),
				traveler.accessToken());
		assertProblem(promote, 403, "forbidden");
		assertThat(api.get("/api/v1/me", traveler.accessToken()).<List<String>>at("$.roles"))
			.containsExactly("TRAVELER");
	}

	private String published(Person organizer) {
		var id = api.post("/api/v1/trips", TripBodies.free("seats", 3), organizer.accessToken()).string("$.id");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
			.isEqualTo(200);
		return id;
	}

	private MockHttpServletResponse send(HttpMethod method, String path, String json, String token) throws Exception {
		var request = Api.request(method, path, token).contentType(MediaType.APPLICATION_JSON).content(json);
		return mvc.perform(request).andReturn().getResponse();
	}

	private static String body(MockHttpServletResponse response) throws Exception {
		return response.getContentAsString(StandardCharsets.UTF_8);
	}

	private static void assertProblem(Api.Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.string("$.type")).endsWith("/" + type);
	}
}
