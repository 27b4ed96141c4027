package com.yuelv.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.trip.TripBodies;

@EmbeddedModeTest
class PlacesIntegrationTests extends ApiTestSupport {

	@Test
	void autocompletesInChineseJapaneseAndLatinToTheSamePlace() {
		var zh = api.get("/api/v1/places?prefix=京都&language=zh-Hans", null);
		assertThat(zh.status()).isEqualTo(200);
		assertThat(zh.<Integer>at("$.items[0].place.id")).isEqualTo(1857910);
		assertThat(zh.string("$.items[0].place.name")).isEqualTo("京都");
		assertThat(zh.string("$.items[0].place.country")).isEqualTo("JP");

		var latin = api.get("/api/v1/places?prefix=kyo&language=ja&limit=3", null);
		assertThat(latin.<List<Integer>>at("$.items[*].place.id")).contains(1857910).hasSizeLessThanOrEqualTo(3);

		var kana = api.get("/api/v1/places?prefix=きょうと", null);
		assertThat(kana.<List<Integer>>at("$.items[*].place.id")).contains(1857910);
		assertThat(kana.string("$.items[0].place.name")).isEqualTo("Kyoto");
	}

	@Test
	void looksUpAPlaceWithAllItsNames() {
		var tokyo = api.get("/api/v1/places/1850147?language=ja", null);
		assertThat(tokyo.string("$.name")).isEqualTo("東京");
		assertThat(tokyo.string("$.internationalName")).isEqualTo("Tokyo");
		assertThat(tokyo.<List<String>>at("$.names.han")).contains("东京", "東京");
		assertThat(tokyo.string("$.timeZone")).isEqualTo("Asia/Tokyo");
		assertThat(api.get("/api/v1/places/1", null).status()).isEqualTo(404);
	}

	@Test
	void measuresGreatCircleDistance() {
		var kyotoToTokyo = api.get("/api/v1/places/distance?from=35.0116,135.7681&to=35.6812,139.7671", null);
		assertThat(kyotoToTokyo.<Double>at("$.kilometers")).isBetween(368.0, 372.0);
		var acrossTheDateLine = api.get("/api/v1/places/distance?from=0,179.5&to=0,-179.5", null);
		assertThat(acrossTheDateLine.<Double>at("$.kilometers")).isBetween(111.0, 111.4);
	}

	@Test
	void findsTripsWithAStopNearAPointAndForgetsCancelledOnes() {
		var organizer = api.register("Nearby Organizer");
		var body = TripBodies.valid();
		body.put("stops", List.of(Map.of("placeName", "伏見稲荷大社", "latitude", 34.9671, "longitude", 135.7727,
				"day", 1), Map.of("placeName", "Nadi", "latitude", -17.7765, "longitude", 177.4356, "day", 2),
				Map.of("placeName", "Taveuni", "latitude", -16.85, "longitude", 179.95, "day", 3)));
		var id = api.post("/api/v1/trips", body, organizer.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken());

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			var near = api.get("/api/v1/nearby-trips?latitude=34.9858&longitude=135.7588&radiusKm=5", null);
			assertThat(near.<List<String>>at("$.items[*].tripId")).contains(id);
		});
		var near = api.get("/api/v1/nearby-trips?latitude=34.9858&longitude=135.7588&radiusKm=5", null);
		assertThat(near.<List<String>>at("$.items[?(@.tripId=='" + id + "')].nearestStop")).containsExactly("伏見稲荷大社");
		assertThat(near.<List<Double>>at("$.items[?(@.tripId=='" + id + "')].distanceKm").getFirst())
				.isBetween(2.0, 3.0);
		assertThat(api.get("/api/v1/nearby-trips?latitude=35.6812&longitude=139.7671&radiusKm=50", null)
				.<List<String>>at("$.items[*].tripId")).doesNotContain(id);
		assertThat(api.get("/api/v1/nearby-trips?latitude=-16.8&longitude=-179.9&radiusKm=30", null)
				.<List<String>>at("$.items[*].tripId")).as("across the antimeridian").contains(id);
		for (var pole : List.of("latitude=90&longitude=0&radiusKm=0.000000000001",
				"latitude=-90&longitude=180&radiusKm=500", "latitude=89.999&longitude=-180&radiusKm=0.5")) {
			var answer = api.get("/api/v1/nearby-trips?" + pole, null);
			assertThat(answer.status()).as(pole).isEqualTo(200);
			assertThat(answer.<List<String>>at("$.items[*].tripId")).doesNotContain(id);
		}

		api.post("/api/v1/trips/" + id + "/cancellation", Map.of(), organizer.accessToken());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				api.get("/api/v1/nearby-trips?latitude=34.9858&longitude=135.7588&radiusKm=5", null)
						.<List<String>>at("$.items[*].tripId")).doesNotContain(id));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"/api/v1/nearby-trips?latitude=91&longitude=0|latitude",
			"/api/v1/nearby-trips?latitude=0&longitude=-180.5|longitude",
			"/api/v1/nearby-trips?latitude=NaN&longitude=0|latitude",
			"/api/v1/nearby-trips?latitude=0&longitude=0&radiusKm=0|radiusKm",
			"/api/v1/nearby-trips?latitude=0&longitude=0&radiusKm=-3|radiusKm",
			"/api/v1/nearby-trips?latitude=0&longitude=0&radiusKm=20000|radiusKm",
			"/api/v1/nearby-trips?latitude=0&longitude=0&limit=0|limit",
			"/api/v1/nearby-trips?latitude=north&longitude=0|latitude",
			"/api/v1/nearby-trips?longitude=0|latitude",
			"/api/v1/places/distance?from=35,135&to=95,0|to.latitude",
			"/api/v1/places/distance?from=kyoto&to=0,0|from",
			"/api/v1/places?prefix=|prefix",
			"/api/v1/places?prefix=---|prefix",
			"/api/v1/places?prefix=kyo&limit=21|limit",
			"/api/v1/places?prefix=kyo&language=klingon|language",
			"/api/v1/places/1857910?language=xx-|language" })
	void refusesBadInputNamingTheParameter(String path, String field) {
		var response = api.get(path, null);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"" + field + "\"");
	}

	@Test
	void refusesAPrefixOfTenKilobytes() {
		var response = api.get("/api/v1/places?prefix=" + "京".repeat(3400), null);
		assertThat(response.status()).isBetween(400, 431);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}
}
