package com.yuelv.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.yuelv.Api.Person;
import com.yuelv.Api.Response;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

@EmbeddedModeTest
class BookingIntegrationTests extends ApiTestSupport {

	/** Most requests a trip may have active at once: its seats and its waitlist. */
	static final int MOST_ACTIVE = 300;

	Person organizer;

	@BeforeEach
	void setUp() {
		organizer = api.register("Organizer");
	}

	private Response ask(Person traveler, String tripId) {
		return api.post("/api/v1/trips/" + tripId + "/join-requests", Map.of("message", "我很想一起去！"),
				traveler.accessToken());
	}

	private Response decide(Person person, String requestId, String decision) {
		return api.post("/api/v1/join-requests/" + requestId + "/" + decision, Map.of(), person.accessToken());
	}

	private String status(Person viewer, String requestId) {
		return api.get("/api/v1/join-requests/" + requestId, viewer.accessToken()).string("$.status");
	}

	private List<String> inboxKinds(Person person) {
		return api.get("/api/v1/inbox?size=50", person.accessToken()).at("$.items[*].kind");
	}

	@Test
	void fillsTheTripThenWaitlistsThenOffersAFreedSeatToTheOldestWaitingRequest() {
		var trip = Trips.published(api, organizer, 2);
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var cho = api.register("Cho");
		var dai = api.register("Dai");

		var annAsked = ask(ann, trip);
		assertThat(annAsked.status()).isEqualTo(201);
		assertThat(annAsked.string("$.status")).isEqualTo("PENDING");
		assertThat(annAsked.string("$.message")).isEqualTo("我很想一起去！");
		assertThat(annAsked.header("Location")).isEqualTo("/api/v1/join-requests/" + annAsked.string("$.id"));
		var annRequest = annAsked.string("$.id");
		var benRequest = ask(ben, trip).string("$.id");
		var choRequest = ask(cho, trip).string("$.id");

		assertThat(decide(organizer, annRequest, "acceptance").string("$.status")).isEqualTo("ACCEPTED");
		assertThat(decide(organizer, benRequest, "acceptance").string("$.status")).isEqualTo("ACCEPTED");
		assertThat(status(cho, choRequest)).as("pending when the last seat went").isEqualTo("WAITLISTED");

		var daiAsked = ask(dai, trip);
		assertThat(daiAsked.string("$.status")).as("asked when full").isEqualTo("WAITLISTED");
		var choAccepted = decide(organizer, choRequest, "acceptance");
		assertThat(choAccepted.status()).isEqualTo(409);
		assertThat(choAccepted.string("$.type")).endsWith("/trip-full");

		assertThat(decide(ann, annRequest, "withdrawal").string("$.status")).isEqualTo("LEFT");
		assertThat(status(cho, choRequest)).as("the oldest waiting request").isEqualTo("OFFERED");
		assertThat(status(dai, daiAsked.string("$.id"))).isEqualTo("WAITLISTED");
		var seats = api.get("/api/v1/trips/" + trip + "/seats", null);
		assertThat(seats.<Integer>at("$.taken")).isEqualTo(1);
		assertThat(seats.<Integer>at("$.offered")).isEqualTo(1);
		assertThat(seats.<Integer>at("$.available")).isZero();
		assertThat(seats.<Integer>at("$.waiting")).isEqualTo(1);

		assertThat(decide(organizer, choRequest, "acceptance").string("$.status")).isEqualTo("ACCEPTED");
		var roster = api.get("/api/v1/trips/" + trip + "/join-requests", organizer.accessToken());
		assertThat(roster.<Integer>at("$.seats.taken")).isEqualTo(2);
		assertThat(roster.<List<String>>at("$.requests[*].status"))
				.containsExactly("LEFT", "ACCEPTED", "ACCEPTED", "WAITLISTED");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(inboxKinds(cho)).contains("JOIN_WAITLISTED", "SEAT_OFFERED", "JOIN_ACCEPTED");
			assertThat(inboxKinds(organizer)).contains("JOIN_REQUESTED", "COMPANION_LEFT", "SEAT_OFFERED");
			assertThat(inboxKinds(ann)).contains("JOIN_ACCEPTED");
		});
	}

	@Test
	void aCancelledTripReleasesEveryoneAndTakesNoMoreRequests() {
		var trip = Trips.published(api, organizer, 1);
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var annRequest = ask(ann, trip).string("$.id");
		decide(organizer, annRequest, "acceptance");
		var benRequest = ask(ben, trip).string("$.id");

		assertThat(api.post("/api/v1/trips/" + trip + "/cancellation", Map.of("reason", "台风"),
				organizer.accessToken()).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(status(ann, annRequest)).isEqualTo("RELEASED");
			assertThat(status(ben, benRequest)).isEqualTo("RELEASED");
			assertThat(inboxKinds(ann)).contains("COMPANION_RELEASED");
			assertThat(inboxKinds(ben)).contains("COMPANION_RELEASED");
		});
		assertCountedAsStored(trip, 0);
		var late = ask(api.register("Late"), trip);
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.string("$.type")).endsWith("/trip-cancelled");
		assertThat(api.get("/api/v1/trips/" + trip + "/seats", null).<Boolean>at("$.cancelled")).isTrue();
	}

	@Test
	void refusesRequestsThatCannotBeMetAndNamesWhy() {
		var trip = Trips.published(api, organizer, 3);
		var ann = api.register("Ann");
		ask(ann, trip);

		assertProblem(ask(organizer, trip), 409, "own-trip");
		assertProblem(ask(ann, trip), 409, "already-requested");
		assertProblem(ask(ann, Trips.draft(api, organizer, 3)), 404, "trip-not-found");
		assertProblem(ask(ann, UUID.randomUUID().toString()), 404, "trip-not-found");
		assertProblem(api.post("/api/v1/trips/" + trip + "/join-requests", Map.of("message", "x".repeat(501)),
				ann.accessToken()), 400, "invalid-input");
		assertProblem(api.post("/api/v1/trips/" + trip + "/join-requests", Map.of("message", 5), ann.accessToken()),
				400, null);

		var ended = Trips.published(api, organizer, 3);
		ask(api.register("Early"), ended);
		jdbc.sql("update booking.rosters set start_date = ?, end_date = ? where trip_id = ?")
				.params(LocalDate.now().minusDays(9), LocalDate.now().minusDays(5), UUID.fromString(ended))
				.update();
		assertProblem(ask(ann, ended), 409, "trip-finished");
	}

	@Test
	void countsActiveRequestsThroughEveryChangeAndBoundsTheWaitlist() {
		var trip = Trips.published(api, organizer, 1);
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var cho = api.register("Cho");
		var annRequest = ask(ann, trip).string("$.id");
		var benRequest = ask(ben, trip).string("$.id");
		var choRequest = ask(cho, trip).string("$.id");
		assertCountedAsStored(trip, 3);
		decide(organizer, annRequest, "acceptance");
		assertCountedAsStored(trip, 3);
		decide(organizer, benRequest, "rejection");
		assertCountedAsStored(trip, 2);
		assertThat(decide(ann, annRequest, "withdrawal").string("$.status")).isEqualTo("LEFT");
		assertThat(status(cho, choRequest)).isEqualTo("OFFERED");
		assertCountedAsStored(trip, 1);
		decide(cho, choRequest, "withdrawal");
		assertCountedAsStored(trip, 0);

		// as if 298 other travelers had asked: the stored requests and the count agree, as the roster keeps them
		var tripId = UUID.fromString(trip);
		for (int i = 0; i < MOST_ACTIVE - 2; i++) {
			jdbc.sql("""
					insert into booking.join_requests (id, trip_id, traveler_id, status, requested_at)
					values (?, ?, ?, 'WAITLISTED', current_timestamp)""")
					.params(UUID.randomUUID(), tripId, UUID.randomUUID()).update();
		}
		jdbc.sql("update booking.rosters set active_requests = ? where trip_id = ?")
				.params(MOST_ACTIVE - 2, tripId).update();
		assertThat(ask(api.register("Dai"), trip).status()).isEqualTo(201);
		assertThat(ask(ben, trip).status()).as("the rejected traveler asks again").isEqualTo(201);
		assertProblem(ask(api.register("Eli"), trip), 409, "waitlist-full");
		assertCountedAsStored(trip, MOST_ACTIVE);
	}

	@Test
	void aTravelerAsksOneTripAtMostFiveTimes() {
		var trip = Trips.published(api, organizer, 3);
		var gus = api.register("Gus");
		for (int i = 0; i < 5; i++) {
			var asked = ask(gus, trip);
			assertThat(asked.status()).isEqualTo(201);
			assertThat(decide(gus, asked.string("$.id"), "withdrawal").status()).isEqualTo(200);
		}
		assertProblem(ask(gus, trip), 409, "request-limit");
		assertCountedAsStored(trip, 0);
	}

	private void assertCountedAsStored(String trip, int active) {
		var tripId = UUID.fromString(trip);
		assertThat(jdbc.sql("select active_requests from booking.rosters where trip_id = ?").param(tripId)
				.query(Integer.class).single()).as("counted").isEqualTo(active);
		assertThat(jdbc.sql("""
				select count(*) from booking.join_requests
				where trip_id = ? and status in ('PENDING', 'WAITLISTED', 'OFFERED', 'ACCEPTED')""")
				.param(tripId).query(Integer.class).single()).as("stored").isEqualTo(active);
	}

	@Test
	void onlyTheOrganizerDecidesAndOnlyThePeopleConcernedSeeARequest() {
		var trip = Trips.published(api, organizer, 3);
		var ann = api.register("Ann");
		var stranger = api.register("Stranger");
		var request = ask(ann, trip).string("$.id");

		assertProblem(decide(ann, request, "acceptance"), 403, "not-organizer");
		assertProblem(api.get("/api/v1/join-requests/" + request, stranger.accessToken()), 404,
				"join-request-not-found");
		assertProblem(decide(stranger, request, "withdrawal"), 404, "join-request-not-found");
		assertProblem(api.get("/api/v1/trips/" + trip + "/join-requests", ann.accessToken()), 403, "not-organizer");
		assertThat(api.get("/api/v1/join-requests", ann.accessToken()).<List<String>>at("$.items[*].id"))
				.containsExactly(request);

		assertThat(decide(organizer, request, "rejection").string("$.status")).isEqualTo("REJECTED");
		assertProblem(decide(organizer, request, "acceptance"), 409, "request-closed");
		assertThat(ask(ann, trip).status()).as("a rejected traveler may ask again").isEqualTo(201);
	}

	@Test
	void pagesThroughOnesOwnRequestsNewestFirst() {
		var eve = api.register("Eve");
		var asked = new ArrayList<String>();
		for (int i = 0; i < 5; i++) {
			asked.add(ask(eve, Trips.published(api, organizer, 3)).string("$.id"));
		}

		var seen = new ArrayList<String>();
		var pages = 0;
		String token = null;
		do {
			var page = api.get("/api/v1/join-requests?size=2" + (token == null ? "" : "&pageToken=" + token),
					eve.accessToken());
			assertThat(page.status()).isEqualTo(200);
			seen.addAll(page.<List<String>>at("$.items[*].id"));
			token = page.<String>optional("$.nextPageToken");
			pages++;
		}
		while (token != null);

		assertThat(seen).containsExactlyElementsOf(asked.reversed());
		assertThat(pages).isEqualTo(3);
		var firstPage = api.get("/api/v1/join-requests", eve.accessToken());
		assertThat(firstPage.<List<String>>at("$.items[*].id")).as("the default page holds 20")
				.containsExactlyElementsOf(asked.reversed());
		assertThat(firstPage.<String>optional("$.nextPageToken")).isNull();
	}

	@Test
	void refusesBadPagesOfOnesOwnRequests() {
		var fay = api.register("Fay");
		for (int i = 0; i < 2; i++) {
			ask(fay, Trips.published(api, organizer, 3));
		}
		String token = api.get("/api/v1/join-requests?size=1", fay.accessToken()).at("$.nextPageToken");
		var tampered = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
		String tripsToken = api.get("/api/v1/trips?size=1", null).at("$.nextPageToken");

		for (var query : List.of("size=0", "size=101", "size=ten", "pageToken=garbage", "pageToken=" + tampered,
				"pageToken=" + tripsToken)) {
			var response = api.get("/api/v1/join-requests?" + query, fay.accessToken());
			assertProblem(response, 400, "invalid-input");
			var field = query.substring(0, query.indexOf('='));
			assertThat(response.body()).as(query).contains("\"field\":\"" + field + "\"");
		}
	}

	private static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		if (type != null) {
			assertThat(response.string("$.type")).endsWith("/" + type);
		}
	}
}
