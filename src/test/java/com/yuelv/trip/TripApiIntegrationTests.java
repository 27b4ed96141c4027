package com.yuelv.trip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
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

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.Api.Person;
import com.yuelv.EmbeddedModeTest;

@EmbeddedModeTest
class TripApiIntegrationTests extends ApiTestSupport {

	Person organizer;

	@BeforeEach
	void setUp() {
		organizer = api.register("Organizer");
	}

	@Test
	void draftsAMultilingualTripWithItsItinerary() {
		var body = TripBodies.valid();
		body.put("title", new LinkedHashMap<>(Map.of("zh", "京都红叶之旅")));
		((Map<String, String>) body.get("title")).put("ja-jp", "京都紅葉の旅");
		body.put("budget", Map.of("amount", 180000, "currency", "JPY"));

		var created = api.post("/api/v1/trips", body, organizer.accessToken());

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/v1/trips/" + created.string("$.id"));
		assertThat(created.header("ETag")).isEqualTo("\"0\"");
		assertThat(created.<Integer>at("$.version")).isZero();
		assertThat(created.string("$.status")).isEqualTo("DRAFT");
		assertThat(created.<Map<String, String>>at("$.title")).containsKeys("zh", "ja-JP");
		assertThat(created.<List<String>>at("$.stops[*].placeName")).containsExactly("清水寺", "嵐山");
		assertThat(created.<List<String>>at("$.tags")).containsExactly("autumn", "photography");
		assertThat(created.string("$.budget.amount")).isEqualTo("180000");
		assertThat(created.<Integer>at("$.days")).isEqualTo(5);
	}

	static Stream<Arguments> brokenTrips() {
		var today = LocalDate.now();
		return Stream.of(
				Arguments.of("endDate", TripBodies.with("endDate", today.plusDays(39).toString()), "after-start"),
				Arguments.of("startDate", TripBodies.with("startDate", today.minusDays(2).toString()), "not-past"),
				Arguments.of("seats", TripBodies.with("seats", 0), "min"),
				Arguments.of("stops[1].day", TripBodies.with("stops", List.of(
						Map.of("placeName", "清水寺", "latitude", 34.99, "longitude", 135.78, "day", 1),
						Map.of("placeName", "奈良", "latitude", 34.68, "longitude", 135.80, "day", 6))), "within-trip"),
				Arguments.of("stops[0].latitude", TripBodies.with("stops", List.of(
						Map.of("placeName", "Nowhere", "latitude", 91, "longitude", 0, "day", 1))), "range"),
				Arguments.of("budget.currency", TripBodies.with("budget", Map.of("amount", 100, "currency", "XYZ")),
						"iso-4217"),
				Arguments.of("budget.amount", TripBodies.with("budget", Map.of("amount", 10.555, "currency", "EUR")),
						"precision"),
				Arguments.of("languages[1]", TripBodies.with("languages", List.of("zh", "elvish")), "language-tag"),
				Arguments.of("title", TripBodies.with("title", Map.of()), "required"),
				Arguments.of("description.en", TripBodies.with("description", Map.of("en", "No English title")),
						"title-language"),
				Arguments.of("destination", TripBodies.with("destination", " "), "required"),
				Arguments.of("startDate", TripBodies.with("startDate", "9999-01-01"), "max-future"),
				Arguments.of("title.zh", TripBodies.with("title", Map.of("zh", "京都\u0000红叶")), "no-control-characters"),
				Arguments.of("description.zh", TripBodies.with("description", Map.of("zh", "第一天\n第二天\u0007")),
						"no-control-characters"),
				Arguments.of("tags[0]", TripBodies.with("tags", List.of("İ".repeat(30))), "max-length"),
				Arguments.of("stops[0].placeName", TripBodies.with("stops", List.of(
						Map.of("placeName", "清水\u0000寺", "latitude", 34.99, "longitude", 135.78, "day", 1))),
						"no-control-characters"));
	}

	@ParameterizedTest(name = "{0} {2}")
	@MethodSource("brokenTrips")
	void refusesABrokenTripNamingTheFieldAndStoresNothing(String field, Map<String, Object> body, String rule) {
		var before = trips();

		var response = api.post("/api/v1/trips", body, organizer.accessToken());

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.string("$.errors[0].field")).isEqualTo(field);
		assertThat(response.string("$.errors[0].rule")).isEqualTo(rule);
		assertThat(trips()).isEqualTo(before);
	}

	@Test
	void onlyTheOrganizerChangesOrCancelsAPublishedTrip() {
		var id = publish(TripBodies.valid());
		var stranger = api.register("Stranger");

		var revise = api.put("/api/v1/trips/" + id, Map.of("version", 1, "trip", TripBodies.valid()),
				stranger.accessToken());
		var cancel = api.post("/api/v1/trips/" + id + "/cancellation", Map.of(), stranger.accessToken());

		assertThat(revise.status()).isEqualTo(403);
		assertThat(revise.string("$.type")).endsWith("/not-organizer");
		assertThat(cancel.status()).isEqualTo(403);
		assertThat(api.get("/api/v1/trips/" + id, null).string("$.status")).isEqualTo("PUBLISHED");
	}

	@Test
	void someoneElsesDraftDoesNotExistForAStranger() {
		var id = draft(TripBodies.valid());
		var stranger = api.register("Stranger");

		assertThat(api.put("/api/v1/trips/" + id, Map.of("version", 0, "trip", TripBodies.valid()),
				stranger.accessToken()).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), stranger.accessToken()).status())
				.isEqualTo(404);
		assertThat(api.post("/api/v1/trips/" + id + "/cancellation", Map.of(), stranger.accessToken()).status())
				.isEqualTo(404);
		assertThat(api.get("/api/v1/trips/" + id, stranger.accessToken()).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/trips/" + id, null).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/trips/" + id, organizer.accessToken()).string("$.status")).isEqualTo("DRAFT");

		assertThat(api.post("/api/v1/trips/" + id + "/cancellation", Map.of("reason", "private plans"),
				organizer.accessToken()).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/trips/" + id, stranger.accessToken()).status())
				.as("a draft cancelled before publication stays private").isEqualTo(404);
		assertThat(api.get("/api/v1/trips/" + id, null).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/trips/" + id, organizer.accessToken()).string("$.status")).isEqualTo("CANCELLED");
	}

	@Test
	void keepsEveryDecimalACurrencyAllows() {
		var created = api.post("/api/v1/trips", TripBodies.with("budget", Map.of("amount", 1.2345, "currency", "CLF")),
				organizer.accessToken());

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.string("$.budget.amount")).isEqualTo("1.2345");
		assertThat(api.get("/api/v1/trips/" + created.string("$.id"), organizer.accessToken())
				.string("$.budget.amount")).isEqualTo("1.2345");
	}

	@Test
	void refusesAStaleRevisionEvenWhenOnlyTheItineraryChanged() {
		var id = draft(TripBodies.valid());
		var onlyNewStops = TripBodies.with("stops",
				List.of(Map.of("placeName", "伏見稲荷大社", "latitude", 34.9671, "longitude", 135.7727, "day", 2)));

		var first = api.put("/api/v1/trips/" + id, Map.of("version", 0, "trip", onlyNewStops),
				organizer.accessToken());
		var stale = api.put("/api/v1/trips/" + id,
				Map.of("version", 0, "trip", TripBodies.with("destination", "Osaka")), organizer.accessToken());

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.<Integer>at("$.version")).isEqualTo(1);
		assertThat(first.header("ETag")).isEqualTo("\"1\"");
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.string("$.type")).endsWith("/stale-version");
		var stored = api.get("/api/v1/trips/" + id, organizer.accessToken());
		assertThat(stored.<List<String>>at("$.stops[*].placeName")).containsExactly("伏見稲荷大社");
		assertThat(stored.string("$.destination")).isEqualTo("京都 Kyoto");
	}

	@Test
	void honoursIfMatchWithA412AndChangesNothing() {
		var id = draft(TripBodies.valid());
		var revision = Map.of("version", 0, "trip", TripBodies.with("destination", "Nara"));

		var otherVersion = api.perform(Api.request(org.springframework.http.HttpMethod.PUT, "/api/v1/trips/" + id,
				organizer.accessToken()).header("If-Match", "\"5\"").contentType("application/json")
				.content(api.write(revision)));
		var weak = api.perform(Api.request(org.springframework.http.HttpMethod.POST,
				"/api/v1/trips/" + id + "/publication", organizer.accessToken()).header("If-Match", "W/\"0\""));
		var malformed = api.perform(Api.request(org.springframework.http.HttpMethod.POST,
				"/api/v1/trips/" + id + "/cancellation", organizer.accessToken()).header("If-Match", "0"));

		assertThat(otherVersion.status()).isEqualTo(412);
		assertThat(otherVersion.string("$.type")).endsWith("/precondition-failed");
		assertThat(weak.status()).isEqualTo(412);
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.string("$.errors[0].field")).isEqualTo("If-Match");
		var stored = api.get("/api/v1/trips/" + id, organizer.accessToken());
		assertThat(stored.string("$.status")).isEqualTo("DRAFT");
		assertThat(stored.string("$.destination")).isEqualTo("京都 Kyoto");

		var matching = api.perform(Api.request(org.springframework.http.HttpMethod.PUT, "/api/v1/trips/" + id,
				organizer.accessToken()).header("If-Match", "\"3\", \"0\"").contentType("application/json")
				.content(api.write(revision)));
		assertThat(matching.status()).isEqualTo(200);
		assertThat(matching.header("ETag")).isEqualTo("\"1\"");
	}

	@Test
	void publishesForEveryoneAndFreezesTheDraft() {
		var id = draft(TripBodies.valid());

		var published = api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken());

		assertThat(published.status()).isEqualTo(200);
		assertThat(published.string("$.status")).isEqualTo("PUBLISHED");
		assertThat(published.<Integer>at("$.version")).isEqualTo(1);
		assertThat(api.get("/api/v1/trips/" + id, null).string("$.status")).isEqualTo("PUBLISHED");
		var revise = api.put("/api/v1/trips/" + id,
				Map.of("version", published.<Integer>at("$.version"), "trip", TripBodies.valid()),
				organizer.accessToken());
		assertThat(revise.status()).isEqualTo(409);
		assertThat(revise.string("$.type")).endsWith("/trip-not-draft");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(409);
	}

	@Test
	void cancelsOnceWithAReason() {
		var id = publish(TripBodies.valid());

		var cancelled = api.post("/api/v1/trips/" + id + "/cancellation", Map.of("reason", "台风"),
				organizer.accessToken());

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.string("$.status")).isEqualTo("CANCELLED");
		assertThat(cancelled.string("$.cancellationReason")).isEqualTo("台风");
		assertThat(api.post("/api/v1/trips/" + id + "/cancellation", Map.of(), organizer.accessToken()).status())
				.isEqualTo(409);
	}

	@Test
	void listsPublishedTripsByEveryFilter() {
		var marker = "Filterland-" + UUID.randomUUID().toString().substring(0, 8);
		var base = LocalDate.now().plusDays(100);
		var cheapJapanese = publish(trip(marker + " north", base, base.plusDays(3), 500, "EUR", List.of("ja-JP"),
				List.of("onsen")));
		var dearEnglish = publish(trip(marker + " south", base.plusDays(10), base.plusDays(12), 2000, "EUR",
				List.of("en"), List.of("food")));
		var yuan = publish(trip(marker + " east", base.plusDays(20), base.plusDays(21), 300, "CNY", List.of("zh"),
				List.of("food")));
		draft(trip(marker + " draft", base, base.plusDays(1), 100, "EUR", List.of("en"), List.of("food")));

		assertThat(ids("destination=" + marker.toLowerCase())).containsExactly(cheapJapanese, dearEnglish, yuan);
		assertThat(ids("destination=" + marker + "&language=ja")).containsExactly(cheapJapanese);
		assertThat(ids("destination=" + marker + "&tag=FOOD")).containsExactly(dearEnglish, yuan);
		assertThat(ids("destination=" + marker + "&maxBudget=1000&currency=EUR")).containsExactly(cheapJapanese);
		assertThat(ids("destination=" + marker + "&from=" + base.plusDays(2) + "&to=" + base.plusDays(10)))
				.containsExactly(cheapJapanese, dearEnglish);
		assertThat(ids("destination=" + marker + "&from=" + base.plusDays(13))).containsExactly(yuan);
	}

	@Test
	void pagesThroughEveryTripExactlyOnceInAStableOrder() {
		var marker = "Pageland-" + UUID.randomUUID().toString().substring(0, 8);
		var base = LocalDate.now().plusDays(200);
		var expected = new ArrayList<String>();
		for (int i = 0; i < 7; i++) {
			// two trips per start date, so that the id breaks ties
			expected.add(publish(trip(marker, base.plusDays(i / 2), base.plusDays(5), 100, "EUR", List.of("en"),
					List.of())));
		}
		var seen = new ArrayList<String>();
		String token = null;
		do {
			var page = api.get("/api/v1/trips?size=3&destination=" + marker
					+ (token == null ? "" : "&pageToken=" + token), null);
			assertThat(page.status()).isEqualTo(200);
			seen.addAll(page.<List<String>>at("$.items[*].id"));
			token = page.<String>optional("$.nextPageToken");
		}
		while (token != null);

		assertThat(seen).hasSize(7).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
		var dates = seen.stream().map(id -> api.get("/api/v1/trips/" + id, null).string("$.startDate")).toList();
		assertThat(dates).isSorted();
	}

	@Test
	void refusesTamperedPageTokensAndBadFilters() {
		var marker = "Tamperland-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 2; i++) {
			publish(trip(marker, LocalDate.now().plusDays(50), LocalDate.now().plusDays(52), 100, "EUR",
					List.of("en"), List.of()));
		}
		String token = api.get("/api/v1/trips?size=1&destination=" + marker, null).at("$.nextPageToken");
		var tampered = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);

		for (var query : List.of("pageToken=" + tampered, "pageToken=garbage", "size=0", "size=51",
				"destination=Kyoto\u0000", "tag=x\u0000", "tag=" + "t".repeat(31),
				"maxBudget=10", "maxBudget=-1&currency=EUR", "language=xx-invalid-", "from=2027-02-30",
				"from=2027-05-02&to=2027-05-01", "size=ten")) {
			var response = api.get("/api/v1/trips?" + query, null);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.body()).as(query).contains("\"field\"");
		}
	}

	private Map<String, Object> trip(String destination, LocalDate start, LocalDate end, int budget, String currency,
			List<String> languages, List<String> tags) {
		var body = TripBodies.valid();
		body.put("destination", destination);
		body.put("startDate", start.toString());
		body.put("endDate", end.toString());
		body.put("budget", Map.of("amount", budget, "currency", currency));
		body.put("languages", languages);
		body.put("tags", tags);
		body.put("stops", List.of(Map.of("placeName", destination, "latitude", 10, "longitude", 10, "day", 1)));
		return body;
	}

	private List<String> ids(String query) {
		var response = api.get("/api/v1/trips?" + query, null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.at("$.items[*].id");
	}

	private String draft(Map<String, Object> body) {
		var created = api.post("/api/v1/trips", body, organizer.accessToken());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.string("$.id");
	}

	private String publish(Map<String, Object> body) {
		var id = draft(body);
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);
		return id;
	}

	private long trips() {
		return jdbc.sql("select count(*) from trip.trips").query(Long.class).single();
	}
}
