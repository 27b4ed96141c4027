package com.yuelv.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import com.yuelv.Api;
import com.yuelv.Api.Person;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * The home feed over HTTP in embedded mode (timelines in this process): what one follows, newest first, in pages;
 * follows, unfollows, mutes, blocks, deletions and visibility taking effect; bad page requests refused.
 */
@EmbeddedModeTest
class FeedIntegrationTests extends ApiTestSupport {

	private String posted(Person author, String text, String visibility) {
		var response = api.post("/api/v1/moments", Map.of("text", text, "visibility", visibility),
				author.accessToken());
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.string("$.id");
	}

	/** Every page of the person's feed. */
	private List<String> feed(Person person, int size) {
		var ids = new ArrayList<String>();
		String token = null;
		do {
			var page = api.get("/api/v1/feed?size=" + size + (token == null ? "" : "&pageToken=" + token),
					person.accessToken());
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			assertThat(page.<Boolean>at("$.degraded")).isFalse();
			ids.addAll(page.<List<String>>at("$.items[*].id"));
			token = page.optional("$.nextPageToken");
		}
		while (token != null);
		return ids;
	}

	private void follow(Person follower, Person followee) {
		assertThat(api.put("/api/v1/me/following/" + followee.id(), Map.of(), follower.accessToken()).status())
				.isEqualTo(204);
	}

	@Test
	void showsOnesOwnMomentsAndThoseOfWhomOneFollowsNewestFirstInPages() {
		var reader = api.register("Reader");
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var stranger = api.register("Stranger");
		follow(reader, ann);
		follow(reader, ben);
		assertThat(feed(reader, 5)).isEmpty();

		var expected = new ArrayList<String>();
		expected.addFirst(posted(ann, "早上好，丽江", "PUBLIC"));
		expected.addFirst(posted(ben, "Bonjour de Lhasa", "FOLLOWERS"));
		posted(stranger, "看不到我", "PUBLIC");
		expected.addFirst(posted(reader, "出发！", "PUBLIC"));
		expected.addFirst(posted(ann, "夜市", "PUBLIC"));
		expected.addFirst(posted(ben, "Потала", "PUBLIC"));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(feed(reader, 2))
				.containsExactlyElementsOf(expected));
		var first = api.get("/api/v1/feed?size=2", reader.accessToken());
		assertThat(first.<List<String>>at("$.items[*].authorName")).containsExactly("Ben", "Ann");
		assertThat(first.string("$.items[0].text")).isEqualTo("Потала");
		assertThat(feed(reader, 50)).containsExactlyElementsOf(expected);
	}

	@Test
	void followsUnfollowsMutesBlocksAndDeletionsTakeEffect() {
		var reader = api.register("Reader");
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var cal = api.register("Cal");
		var dee = api.register("Dee");
		var annsEarlier = posted(ann, "关注前发的", "PUBLIC");
		assertThat(feed(reader, 10)).isEmpty();
		follow(reader, ann);
		await().atMost(Duration.ofSeconds(10)).until(() -> feed(reader, 10).contains(annsEarlier));

		for (var person : List.of(ben, cal, dee)) {
			follow(reader, person);
		}
		var anns = posted(ann, "安", "PUBLIC");
		var bens = posted(ben, "本", "PUBLIC");
		var cals = posted(cal, "卡尔", "PUBLIC");
		var dees = posted(dee, "迪", "PUBLIC");
		var deesForFollowers = posted(dee, "只给关注者", "FOLLOWERS");
		await().atMost(Duration.ofSeconds(10)).until(() -> feed(reader, 10).size() == 6);

		assertThat(api.perform(Api.request(HttpMethod.DELETE, "/api/v1/me/following/" + ann.id(),
				reader.accessToken())).status()).isEqualTo(204);
		assertThat(api.put("/api/v1/me/mutes/" + ben.id(), Map.of(), reader.accessToken()).status()).isEqualTo(204);
		assertThat(api.put("/api/v1/me/blocks/" + reader.id(), Map.of(), cal.accessToken()).status()).isEqualTo(204);
		assertThat(api.perform(Api.request(HttpMethod.DELETE, "/api/v1/moments/" + dees, dee.accessToken())).status())
				.isEqualTo(204);
		assertThat(feed(reader, 2)).as("at once, on read").containsExactly(deesForFollowers);
		assertThat(feed(ann, 10)).as("the unfollowed keep their own").contains(anns).doesNotContain(bens, cals);
	}

	@Test
	void refusesBadPageRequests() {
		var reader = api.register("Reader");
		var other = api.register("Other");
		follow(reader, other);
		posted(other, "一", "PUBLIC");
		posted(other, "二", "PUBLIC");
		await().atMost(Duration.ofSeconds(10)).until(() -> feed(reader, 10).size() == 2);
		var token = api.get("/api/v1/feed?size=1", reader.accessToken()).string("$.nextPageToken");

		for (var query : List.of("size=0", "size=51", "size=many", "pageToken=not-a-token",
				"pageToken=" + token.substring(0, token.length() - 2))) {
			var refused = api.get("/api/v1/feed?" + query, reader.accessToken());
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		}
		assertThat(api.get("/api/v1/feed?pageToken=" + token, other.accessToken()).status())
				.as("another reader's token").isEqualTo(400);
		assertThat(api.get("/api/v1/feed", null).status()).isEqualTo(401);
	}
}
