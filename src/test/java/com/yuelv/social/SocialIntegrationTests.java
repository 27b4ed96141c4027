package com.yuelv.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import com.yuelv.Api;
import com.yuelv.Api.Person;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.trip.TripBodies;

/**
 * The social graph over HTTP: following is idempotent and counted exactly, lists page newest first, a block hides
 * each of the two from the other (profiles, lists, following, trips to join) and ends their follows, companions come
 * from accepted requests to join, and suggestions say why, never suggesting someone one follows or blocks.
 */
@EmbeddedModeTest
class SocialIntegrationTests extends ApiTestSupport {

	private Api.Response follow(Person person, Person other) {
		return api.put("/api/v1/me/following/" + other.id(), Map.of(), person.accessToken());
	}

	private Api.Response delete(String path, Person person) {
		return api.perform(Api.request(HttpMethod.DELETE, path, person.accessToken()));
	}

	private Api.Response standing(Person viewer, Person person) {
		return api.get("/api/v1/profiles/" + person.id() + "/social", viewer.accessToken());
	}

	private List<String> names(String path, Person viewer) {
		return api.get(path, viewer.accessToken()).at("$.items[*].displayName");
	}

	@Test
	void followingTwiceIsFollowingOnceCountedAndNotifiedOnce() {
		var ann = api.register("Ann");
		var ben = api.register("Ben");

		assertThat(follow(ann, ben).status()).isEqualTo(204);
		assertThat(follow(ann, ben).status()).isEqualTo(204);

		var seen = standing(ann, ben);
		assertThat(seen.<Integer>at("$.followers")).isEqualTo(1);
		assertThat(seen.<Boolean>at("$.followedByYou")).isTrue();
		assertThat(seen.<Boolean>at("$.followsYou")).isFalse();
		assertThat(standing(ben, ann).<Boolean>at("$.followsYou")).isTrue();
		assertThat(names("/api/v1/profiles/" + ben.id() + "/followers", ben)).containsExactly("Ann");
		assertThat(names("/api/v1/profiles/" + ann.id() + "/following", ben)).containsExactly("Ben");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/api/v1/inbox?size=50",
				ben.accessToken()).<List<String>>at("$.items[?(@.kind == 'FOLLOWED')].message"))
				.containsExactly("Ann followed you."));

		assertThat(delete("/api/v1/me/following/" + ben.id(), ann).status()).isEqualTo(204);
		assertThat(delete("/api/v1/me/following/" + ben.id(), ann).status()).isEqualTo(204);
		assertThat(standing(ann, ben).<Integer>at("$.followers")).isZero();
	}

	@Test
	void listsPageNewestFirstThroughSignedTokens() {
		var star = api.register("Star");
		var fans = new ArrayList<String>();
		for (int i = 1; i <= 5; i++) {
			var fan = api.register("Fan " + i);
			fans.addFirst("Fan " + i);
			assertThat(follow(fan, star).status()).isEqualTo(204);
		}

		var shown = new ArrayList<String>();
		String token = null;
		var pages = 0;
		do {
			var page = api.get("/api/v1/profiles/" + star.id() + "/followers?size=2"
					+ (token == null ? "" : "&pageToken=" + token), star.accessToken());
			assertThat(page.status()).isEqualTo(200);
			shown.addAll(page.<List<String>>at("$.items[*].displayName"));
			token = page.optional("$.nextPageToken");
			pages++;
		}
		while (token != null);

		assertThat(pages).isEqualTo(3);
		assertThat(shown).containsExactlyElementsOf(fans);
		var tampered = api.get("/api/v1/profiles/" + star.id() + "/followers?pageToken=x.y", star.accessToken());
		assertThat(tampered.status()).isEqualTo(400);
		assertThat(tampered.<List<String>>at("$.errors[*].field")).containsExactly("pageToken");
		var foreign = api.get("/api/v1/profiles/" + star.id() + "/following?size=2", star.accessToken());
		assertThat(foreign.<List<Object>>at("$.items")).isEmpty();
		for (var size : List.of("0", "101")) {
			var refused = api.get("/api/v1/profiles/" + star.id() + "/followers?size=" + size, star.accessToken());
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.<List<String>>at("$.errors[*].field")).containsExactly("size");
		}
	}

	@Test
	void refusesFollowingOneselfAndNobody() {
		var ann = api.register("Ann");

		var self = follow(ann, ann);
		assertThat(self.status()).isEqualTo(400);
		assertThat(self.<List<String>>at("$.errors[*].rule")).containsExactly("not-yourself");
		var nobody = api.put("/api/v1/me/following/" + UUID.randomUUID(), Map.of(), ann.accessToken());
		assertThat(nobody.status()).isEqualTo(404);
		assertThat(nobody.string("$.type")).endsWith("/account-not-found");
		var notAnId = api.put("/api/v1/me/following/not-an-id", Map.of(), ann.accessToken());
		assertThat(notAnId.status()).isEqualTo(400);
		assertThat(api.put("/api/v1/me/following/" + ann.id(), Map.of(), null).status()).isEqualTo(401);
		assertThat(standing(ann, ann).<Integer>at("$.following")).isZero();
	}

	@Test
	void aBlockHidesEachFromTheOtherAndEndsTheirFollows() {
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var cai = api.register("Cai");
		follow(ann, ben);
		follow(ben, ann);
		follow(cai, ann);
		follow(cai, ben);
		var trip = published(ann, 4);

		assertThat(api.put("/api/v1/me/blocks/" + ben.id(), Map.of(), ann.accessToken()).status()).isEqualTo(204);
		assertThat(api.put("/api/v1/me/blocks/" + ben.id(), Map.of(), ann.accessToken()).status()).isEqualTo(204);

		assertThat(standing(cai, ann).<Integer>at("$.followers")).as("Ben no longer follows Ann").isEqualTo(1);
		assertThat(standing(cai, ben).<Integer>at("$.followers")).as("nor Ann Ben").isEqualTo(1);
		assertThat(standing(ann, ben).status()).as("hidden both ways").isEqualTo(404);
		for (var hidden : List.of("/api/v1/profiles/" + ann.id(), "/api/v1/profiles/" + ann.id() + "/social",
				"/api/v1/profiles/" + ann.id() + "/followers")) {
			var answer = api.get(hidden, ben.accessToken());
			assertThat(answer.status()).as(hidden).isEqualTo(404);
			assertThat(answer.string("$.type")).endsWith("/account-not-found");
		}
		assertThat(follow(ben, ann).status()).as("Ben following Ann").isEqualTo(404);
		assertThat(follow(ann, ben).status()).as("Ann following whom she blocks").isEqualTo(409);
		assertThat(names("/api/v1/profiles/" + cai.id() + "/following", ann)).as("Cai's follows, seen by Ann")
				.containsExactly("Ann");
		assertThat(names("/api/v1/profiles/" + cai.id() + "/following", cai)).containsExactlyInAnyOrder("Ann", "Ben");
		assertThat(names("/api/v1/me/blocks", ann)).containsExactly("Ben");
		var asked = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), ben.accessToken());
		assertThat(asked.status()).as("Ben asking to join Ann's trip").isEqualTo(404);
		assertThat(asked.string("$.type")).endsWith("/trip-not-found");

		assertThat(delete("/api/v1/me/blocks/" + ben.id(), ann).status()).isEqualTo(204);
		assertThat(api.get("/api/v1/profiles/" + ann.id(), ben.accessToken()).status()).isEqualTo(200);
		assertThat(api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), ben.accessToken()).status())
				.isEqualTo(201);
		assertThat(standing(cai, ben).<Integer>at("$.followers")).as("lifting a block follows nobody again")
				.isEqualTo(1);
	}

	@Test
	void mutesAreListedAndIdempotent() {
		var ann = api.register("Ann");
		var ben = api.register("Ben");

		assertThat(api.put("/api/v1/me/mutes/" + ben.id(), Map.of(), ann.accessToken()).status()).isEqualTo(204);
		assertThat(api.put("/api/v1/me/mutes/" + ben.id(), Map.of(), ann.accessToken()).status()).isEqualTo(204);
		assertThat(names("/api/v1/me/mutes", ann)).containsExactly("Ben");
		assertThat(standing(ann, ben).<Boolean>at("$.mutedByYou")).isTrue();
		assertThat(delete("/api/v1/me/mutes/" + ben.id(), ann).status()).isEqualTo(204);
		assertThat(names("/api/v1/me/mutes", ann)).isEmpty();
	}

	@Test
	void companionsComeFromAcceptedRequestsAndSuggestionsSayWhy() {
		var org = api.register("Organizer");
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var dai = api.register("Dai");
		var eve = api.register("Eve");
		for (var person : List.of(ann, dai, eve)) {
			assertThat(api.put("/api/v1/me/profile", Map.of("displayName", person == ann ? "Ann" : person == dai
					? "Dai" : "Eve", "languages", List.of("ko", "en"), "interests", List.of()), person.accessToken())
					.status()).isEqualTo(200);
		}
		api.put("/api/v1/me/blocks/" + eve.id(), Map.of(), ann.accessToken());
		var trip = published(org, 2);
		var annRequest = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), ann.accessToken())
				.string("$.id");
		var benRequest = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), ben.accessToken())
				.string("$.id");
		api.post("/api/v1/join-requests/" + annRequest + "/acceptance", Map.of(), org.accessToken());
		api.post("/api/v1/join-requests/" + benRequest + "/acceptance", Map.of(), org.accessToken());

		// another trip to the same places, with a companion Ann never met
		var other = api.register("Other organizer");
		var fay = api.register("Fay");
		var elsewhere = published(other, 2);
		var fayRequest = api.post("/api/v1/trips/" + elsewhere + "/join-requests", Map.of(), fay.accessToken())
				.string("$.id");
		api.post("/api/v1/join-requests/" + fayRequest + "/acceptance", Map.of(), other.accessToken());

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(names("/api/v1/me/companions", ann))
				.containsExactlyInAnyOrder("Organizer", "Ben"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/api/v1/me/suggestions",
				ann.accessToken()).<List<String>>at("$.items[?(@.displayName == 'Fay')].reasons[*].kind"))
				.containsExactly("places-in-common"));
		var suggested = api.get("/api/v1/me/suggestions", ann.accessToken());
		List<String> order = suggested.at("$.items[*].displayName");
		assertThat(order.subList(0, 2)).as("companions first").containsExactlyInAnyOrder("Ben", "Organizer");
		assertThat(order).as("then a speaker of Ann's languages; never Eve, whom she blocks").contains("Dai")
				.doesNotContain("Eve", "Ann");
		assertThat(suggested.<List<String>>at("$.items[?(@.displayName == 'Ben')].reasons[0].text"))
				.containsExactly("travelled with you on 1 trip(s)");
		assertThat(suggested.<List<String>>at("$.items[?(@.displayName == 'Dai')].reasons[*].kind"))
				.containsExactly("languages-in-common");

		follow(ann, ben);
		assertThat(api.get("/api/v1/me/suggestions", ann.accessToken()).<List<String>>at("$.items[*].displayName"))
				.as("whom Ann follows").doesNotContain("Ben");
		api.post("/api/v1/join-requests/" + benRequest + "/withdrawal", Map.of(), ben.accessToken());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(names("/api/v1/me/companions", ann))
				.containsExactly("Organizer"));
		var tooMany = api.get("/api/v1/me/suggestions?size=51", ann.accessToken());
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.<List<String>>at("$.errors[*].field")).containsExactly("size");
	}

	@Test
	void concurrentFollowsAreCountedExactly() throws Exception {
		var star = api.register("Star");
		var fan = api.register("Fan");
		var others = new ArrayList<Person>();
		for (int i = 0; i < 20; i++) {
			others.add(api.register("Fan " + i));
		}
		var calls = new ArrayList<Callable<Integer>>();
		for (int i = 0; i < 20; i++) {
			calls.add(() -> follow(fan, star).status());
			var other = others.get(i);
			calls.add(() -> follow(other, star).status());
		}

		try (var threads = Executors.newFixedThreadPool(8)) {
			for (var done : threads.invokeAll(calls)) {
				assertThat(done.get()).isEqualTo(204);
			}
		}

		assertThat(standing(star, star).<Integer>at("$.followers")).isEqualTo(21);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/api/v1/inbox?size=50",
				star.accessToken()).<List<String>>at("$.items[?(@.message == 'Fan followed you.')].kind"))
				.hasSize(1));
	}

	private String published(Person organizer, int seats) {
		var created = api.post("/api/v1/trips", TripBodies.free("seats", seats), organizer.accessToken());
		assertThat(created.status()).isEqualTo(201);
		var id = created.string("$.id");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);
		return id;
	}
}
