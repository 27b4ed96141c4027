package com.yuelv.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.yuelv.Api.Person;
import com.yuelv.Api.Response;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.trip.TripBodies;

@EmbeddedModeTest
class SearchIntegrationTests extends ApiTestSupport {

	Person organizer;

	@BeforeEach
	void setUp() {
		organizer = api.register("Search Organizer");
	}

	private String publish(Map<String, Object> body) {
		var id = api.post("/api/v1/trips", body, organizer.accessToken()).string("$.id");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);
		return id;
	}

	private Response search(String query) {
		return api.get("/api/v1/search/trips?" + query, null);
	}

	/** The query parameter; MockMvc encodes the URI, so the text goes in as typed. */
	private static String q(String text) {
		return "q=" + text;
	}

	private void awaitFound(String query, String tripId) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(search(query).<List<String>>at("$.items[*].tripId")).contains(tripId));
	}

	@Test
	void findsTripsByTheirWordsInChineseJapaneseAndEnglish() {
		// words no other test's trips have, so that each query's hits fit on its first page
		var mapleBody = TripBodies.valid();
		mapleBody.put("title", Map.of("zh", "鹿苑红叶之旅"));
		mapleBody.put("description", Map.of("zh", "一起去看鹿苑的红叶"));
		mapleBody.put("stops", List.of(Map.of("placeName", "金阁寺", "latitude", 35.0394, "longitude", 135.7292,
				"day", 1)));
		var maple = publish(mapleBody);
		var ski = TripBodies.valid();
		ski.put("title", Map.of("ja", "ニセコでスキー三昧"));
		ski.put("description", Map.of("ja", "パウダースノーを楽しむ旅"));
		ski.put("stops", List.of(Map.of("placeName", "ニセコアンヌプリ", "latitude", 42.86, "longitude", 140.69,
				"day", 1)));
		ski.put("languages", List.of("ja"));
		var skiTrip = publish(ski);
		var hike = TripBodies.valid();
		hike.put("title", Map.of("en", "Hiking the Kumano Kodo"));
		hike.put("description", Map.of("en", "Five days of walking between ancient shrines"));
		hike.put("languages", List.of("en"));
		var hikeTrip = publish(hike);

		awaitFound(q("鹿苑红叶"), maple);
		var red = search(q("鹿苑红叶"));
		assertThat(red.<List<String>>at("$.items[*].tripId")).containsExactly(maple);
		assertThat(red.<String>at("$.items[0].highlights.title")).isEqualTo("<em>鹿苑红叶</em>之旅");
		assertThat(search(q("红叶") + "&size=50").<List<String>>at("$.items[*].tripId")).contains(maple)
				.doesNotContain(skiTrip, hikeTrip);
		assertThat(search(q("金阁寺")).<List<String>>at("$.items[*].tripId")).as("a stop").containsExactly(maple);
		awaitFound(q("スキー"), skiTrip);
		assertThat(search(q("パウダースノー")).<List<String>>at("$.items[*].tripId")).contains(skiTrip);
		awaitFound(q("hike"), hikeTrip);
		assertThat(search(q("ancient shrine")).<List<String>>at("$.items[*].tripId")).as("stemmed")
				.contains(hikeTrip);
		assertThat(search(q("鹿")).<List<String>>at("$.items[*].tripId")).as("one character").containsExactly(maple);
		assertThat(search(q("鹿苑 滑雪")).<List<String>>at("$.items[*].tripId")).as("most words must match")
				.doesNotContain(maple);
	}

	@Test
	void ranksATripNamedForTheWordsAboveOneThatMentionsThem() {
		var mentioned = TripBodies.valid();
		mentioned.put("title", Map.of("zh", "贵州环线自驾"));
		mentioned.put("description", Map.of("zh", "途经黄果树瀑布和西江苗寨"));
		var mentions = publish(mentioned);
		var named = TripBodies.valid();
		named.put("title", Map.of("zh", "黄果树瀑布一日游"));
		var titled = publish(named);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ids(q("黄果树瀑布")))
				.containsExactly(titled, mentions));
	}

	@Test
	void filtersByDatesBudgetAndLanguage() {
		var body = TripBodies.valid();
		body.put("title", Map.of("zh", "桂林山水漂流"));
		body.put("budget", Map.of("amount", 2500, "currency", "CNY"));
		body.put("languages", List.of("zh-Hans"));
		var start = LocalDate.parse((String) body.get("startDate"));
		var trip = publish(body);
		awaitFound(q("桂林"), trip);

		assertThat(ids(q("桂林") + "&language=zh")).contains(trip);
		assertThat(ids(q("桂林") + "&language=ja")).doesNotContain(trip);
		assertThat(ids(q("桂林") + "&maxBudget=2500&currency=CNY")).contains(trip);
		assertThat(ids(q("桂林") + "&maxBudget=2499.99&currency=CNY")).doesNotContain(trip);
		assertThat(ids(q("桂林") + "&maxBudget=9000&currency=JPY")).doesNotContain(trip);
		assertThat(ids(q("桂林") + "&from=" + start.plusDays(4) + "&to=" + start.plusDays(30))).contains(trip);
		assertThat(ids(q("桂林") + "&from=" + start.plusDays(5))).doesNotContain(trip);
		assertThat(ids(q("桂林") + "&to=" + start.minusDays(1))).doesNotContain(trip);
	}

	@Test
	void pagesThroughEveryHitOnceAndRefusesAlteredTokens() {
		var published = new ArrayList<String>();
		for (int i = 0; i < 5; i++) {
			var body = TripBodies.valid();
			body.put("title", new LinkedHashMap<>(Map.of("zh", "黄山云海日出 第" + i + "次")));
			published.add(publish(body));
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(ids(q("云海"))).containsAll(published));

		var seen = new ArrayList<String>();
		String token = null;
		var pages = 0;
		do {
			var page = search(q("云海") + "&size=2" + (token == null ? "" : "&pageToken=" + token));
			assertThat(page.<Integer>at("$.total")).isEqualTo(5);
			seen.addAll(page.<List<String>>at("$.items[*].tripId"));
			token = page.optional("$.nextPageToken");
			pages++;
		}
		while (token != null && pages < 10);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(published);

		var first = search(q("云海") + "&size=2");
		var next = first.string("$.nextPageToken");
		// a character of the signature that carries six bits of it: the last one carries two, and a change to its other
		// four leaves the signature as it was
		var at = next.length() - 3;
		var altered = next.substring(0, at) + (next.charAt(at) == 'A' ? 'B' : 'A') + next.substring(at + 1);
		assertProblem(search(q("云海") + "&size=2&pageToken=" + altered),
				"pageToken");
		assertProblem(search(q("日出") + "&size=2&pageToken=" + next), "pageToken");
	}

	@Test
	void aTripWithLongDescriptionsAndManyStopsIsPublishedAndFound() {
		var body = TripBodies.valid();
		body.put("title", Map.of("zh", "长江三峡游轮", "ja", "長江三峡クルーズ", "en", "Three Gorges cruise"));
		body.put("description", Map.of("zh", "三峡".repeat(2500), "ja", "クルーズ".repeat(1250), "en",
				"river ".repeat(833)));
		var stops = new ArrayList<Map<String, Object>>();
		for (int i = 0; i < 30; i++) {
			stops.add(Map.of("placeName", "码头 " + "港".repeat(60) + i, "latitude", 30.0 + i / 1000.0, "longitude",
					111.0, "day", 1 + i / 10));
		}
		body.put("stops", stops);
		var trip = publish(body);
		awaitFound(q("三峡游轮"), trip);
	}

	@Test
	void aCancelledTripLeavesTheResults() {
		var body = TripBodies.valid();
		body.put("title", Map.of("zh", "敦煌鸣沙山骑骆驼"));
		var trip = publish(body);
		awaitFound(q("鸣沙山"), trip);
		api.post("/api/v1/trips/" + trip + "/cancellation", Map.of(), organizer.accessToken());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ids(q("鸣沙山"))).doesNotContain(trip));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"size=10|q",
			"q=|q",
			"q=the|q",
			"q=!!!|q",
			"q=kyoto&size=0|size",
			"q=kyoto&size=51|size",
			"q=kyoto&language=klingon|language",
			"q=kyoto&maxBudget=100|currency",
			"q=kyoto&maxBudget=100&currency=XYZ|maxBudget.currency",
			"q=kyoto&from=2030-01-10&to=2030-01-01|to",
			"q=kyoto&from=yesterday|from",
			"q=kyoto&pageToken=bm90LWEtdG9rZW4.c2ln|pageToken" })
	void refusesBadInputNamingTheParameter(String query, String field) {
		assertProblem(search(query), field);
	}

	@Test
	void refusesAQueryOfTenKilobytes() {
		assertProblem(search(q("红".repeat(3400))), "q");
	}

	private List<String> ids(String query) {
		return search(query).at("$.items[*].tripId");
	}

	private static void assertProblem(Response response, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"" + field + "\"");
	}
}
