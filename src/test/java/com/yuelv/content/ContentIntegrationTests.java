package com.yuelv.content;

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
 * Moments over HTTP: posting, editing and deleting; who sees what (public, followers, a trip's companions, blocks,
 * deletion); likes counted exactly under concurrency; comments with one level of replies; the inbox entries they make;
 * moderation's word list changed at run time, reports, and an admin resolving them.
 */
@EmbeddedModeTest
class ContentIntegrationTests extends ApiTestSupport {

	/** Given the admin role by {@code yuelv.identity.admin-emails} in the test profile. */
	static final String ADMIN_EMAIL = "moderator@yuelv.test";

	private Api.Response post(Person author, Map<String, Object> body) {
		return api.post("/api/v1/moments", body, author.accessToken());
	}

	private String posted(Person author, String text, String visibility) {
		var response = post(author, Map.of("text", text, "visibility", visibility));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.string("$.id");
	}

	private Api.Response read(Person viewer, String moment) {
		return api.get("/api/v1/moments/" + moment, viewer.accessToken());
	}

	private Api.Response delete(String path, Person person) {
		return api.perform(Api.request(HttpMethod.DELETE, path, person.accessToken()));
	}

	private Api.Response like(Person person, String moment) {
		return api.put("/api/v1/moments/" + moment + "/like", Map.of(), person.accessToken());
	}

	private Person admin() {
		return api.register(ADMIN_EMAIL, "Moderator");
	}

	@Test
	void postsReadsEditsAndDeletesAMoment() {
		var ann = api.register("Ann");
		var ben = api.register("Ben");

		var posted = post(ann, Map.of("text", "洱海边的日落，美极了。\nSunset by Erhai.", "place",
				Map.of("name", "大理", "latitude", 25.6, "longitude", 100.2)));
		assertThat(posted.status()).isEqualTo(201);
		var id = posted.string("$.id");
		assertThat(posted.header("Location")).isEqualTo("/api/v1/moments/" + id);
		assertThat(posted.string("$.visibility")).isEqualTo("PUBLIC");
		assertThat(posted.string("$.authorName")).isEqualTo("Ann");

		var seen = read(ben, id);
		assertThat(seen.status()).isEqualTo(200);
		assertThat(seen.string("$.place.name")).isEqualTo("大理");
		assertThat(api.put("/api/v1/moments/" + id, Map.of("text", "我的"), ben.accessToken()).status())
				.isEqualTo(403);
		var edited = api.put("/api/v1/moments/" + id, Map.of("text", "改过了", "visibility", "PUBLIC"),
				ann.accessToken());
		assertThat(edited.string("$.text")).isEqualTo("改过了");
		assertThat(edited.string("$.editedAt")).isNotNull();
		assertThat(api.get("/api/v1/profiles/" + ann.id() + "/moments", ben.accessToken())
				.<List<String>>at("$.items[*].id")).containsExactly(id);

		assertThat(delete("/api/v1/moments/" + id, ben).status()).as("someone else's").isEqualTo(403);
		assertThat(delete("/api/v1/moments/" + id, ann).status()).isEqualTo(204);
		assertThat(delete("/api/v1/moments/" + id, ann).status()).as("deleted already").isEqualTo(204);
		for (var viewer : List.of(ann, ben)) {
			var gone = read(viewer, id);
			assertThat(gone.status()).isEqualTo(404);
			assertThat(gone.string("$.type")).endsWith("/moment-not-found");
		}
		assertThat(like(ben, id).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/moments/" + id + "/comments", Map.of("text", "晚了"), ben.accessToken()).status())
				.isEqualTo(404);
		assertThat(api.get("/api/v1/profiles/" + ann.id() + "/moments", ben.accessToken())
				.<List<Object>>at("$.items")).isEmpty();
	}

	@Test
	void refusesMomentsThatBreakTheRulesAndStoresNothing() {
		var ann = api.register("Ann");
		var trip = publishedTrip(api.register("Organizer"));

		for (var body : List.<Map<String, Object>>of(Map.of("text", "  "), Map.of("text", "x".repeat(2_001)),
				Map.of("text", "看\u202Eevil"), Map.of("text", "同行者", "visibility", "COMPANIONS"),
				Map.of("text", "别人的行程", "tripId", trip), Map.of("text", "某地", "place", Map.of("name", "某地",
						"latitude", 91, "longitude", 0)), Map.of("text", "哪", "tripId", UUID.randomUUID().toString()))) {
			var refused = post(ann, body);
			assertThat(refused.status()).as(body.toString()).isEqualTo(400);
			assertThat(refused.<List<String>>at("$.errors[*].field")).as(body.toString()).isNotEmpty();
		}
		assertThat(post(ann, Map.of("text", "x", "visibility", "FRIENDS")).status()).isEqualTo(400);
		assertThat(jdbc.sql("select count(*) from content.moments where author_id = ?").param(ann.id())
				.query(Long.class).single()).isZero();
	}

	@Test
	void whoSeesAMomentFollowsItsVisibilityAndBlocks() throws Exception {
		var ann = api.register("Ann");
		var follower = api.register("Follower");
		var stranger = api.register("Stranger");
		var companion = api.register("Companion");
		api.put("/api/v1/me/following/" + ann.id(), Map.of(), follower.accessToken());
		var trip = publishedTrip(ann);
		var request = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), companion.accessToken())
				.string("$.id");
		api.post("/api/v1/join-requests/" + request + "/acceptance", Map.of(), ann.accessToken());

		var forFollowers = posted(ann, "只给关注者", "FOLLOWERS");
		await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/me/companions", companion.accessToken())
				.<List<String>>at("$.items[*].displayName").contains("Ann"));
		var forCompanions = post(ann, Map.of("text", "只给同行者", "visibility", "COMPANIONS", "tripId", trip))
				.string("$.id");

		assertThat(read(follower, forFollowers).status()).isEqualTo(200);
		assertThat(read(stranger, forFollowers).status()).isEqualTo(404);
		assertThat(read(companion, forCompanions).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/api/v1/inbox?size=50",
				companion.accessToken()).<List<String>>at("$.items[?(@.kind == 'COMPANION_POSTED')].message"))
				.containsExactly("Ann posted a moment from your trip."));
		assertThat(read(follower, forCompanions).status()).isEqualTo(404);
		assertThat(like(stranger, forFollowers).status()).as("liking what one cannot see").isEqualTo(404);
		assertThat(api.get("/api/v1/profiles/" + ann.id() + "/moments", stranger.accessToken())
				.<List<Object>>at("$.items")).isEmpty();
		assertThat(api.get("/api/v1/profiles/" + ann.id() + "/moments", follower.accessToken())
				.<List<String>>at("$.items[*].id")).containsExactly(forFollowers);

		var everyone = posted(ann, "大家好", "PUBLIC");
		api.put("/api/v1/me/blocks/" + stranger.id(), Map.of(), ann.accessToken());
		assertThat(read(stranger, everyone).status()).isEqualTo(404);
		assertThat(like(stranger, everyone).status()).as("a like from a blocked person").isEqualTo(404);
		assertThat(api.get("/api/v1/profiles/" + ann.id() + "/moments", stranger.accessToken()).status())
				.isEqualTo(404);
	}

	@Test
	void likesAreCountedExactlyUnderConcurrencyAndNotified() throws Exception {
		var ann = api.register("Ann");
		var moment = posted(ann, "点赞吧", "PUBLIC");
		var fans = new ArrayList<Person>();
		for (int i = 0; i < 100; i++) {
			fans.add(api.register("Fan " + i));
		}
		var calls = new ArrayList<Callable<Integer>>();
		fans.forEach(fan -> calls.add(() -> like(fan, moment).status()));
		var eager = fans.getFirst();
		for (int i = 0; i < 20; i++) {
			calls.add(() -> like(eager, moment).status());
		}

		try (var threads = Executors.newFixedThreadPool(8)) {
			for (var done : threads.invokeAll(calls)) {
				assertThat(done.get()).isEqualTo(204);
			}
		}

		assertThat(read(ann, moment).<Integer>at("$.likes")).isEqualTo(100);
		assertThat(read(eager, moment).<Boolean>at("$.likedByYou")).isTrue();
		assertThat(api.get("/api/v1/profiles/" + ann.id() + "/moments", eager.accessToken())
				.<List<Boolean>>at("$.items[*].likedByYou")).as("in the author's list too").containsExactly(true);
		assertThat(api.get("/api/v1/profiles/" + ann.id() + "/moments", ann.accessToken())
				.<List<Boolean>>at("$.items[*].likedByYou")).containsExactly(false);
		assertThat(delete("/api/v1/moments/" + moment + "/like", eager).status()).isEqualTo(204);
		assertThat(delete("/api/v1/moments/" + moment + "/like", eager).status()).isEqualTo(204);
		assertThat(read(ann, moment).<Integer>at("$.likes")).isEqualTo(99);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
				"select count(*) from notification.inbox_entries where recipient_id = ? and kind = 'MOMENT_LIKED'")
				.param(ann.id()).query(Long.class).single()).isEqualTo(100));
	}

	@Test
	void commentsHaveOneLevelOfRepliesAndHideBlockedPeople() {
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var cai = api.register("Cai");
		var moment = posted(ann, "有人去过吗？", "PUBLIC");

		var first = api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", "去过！"), ben.accessToken());
		assertThat(first.status()).isEqualTo(201);
		var reply = api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", "什么时候？", "parentId",
				first.string("$.id")), ann.accessToken());
		var replyToReply = api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", "去年秋天",
				"parentId", reply.string("$.id")), ben.accessToken());
		assertThat(replyToReply.string("$.parentId")).as("one level").isEqualTo(first.string("$.id"));
		api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", "我也想去"), cai.accessToken());

		assertThat(api.get("/api/v1/moments/" + moment + "/comments", ann.accessToken())
				.<List<String>>at("$.items[*].text")).containsExactly("去过！", "什么时候？", "去年秋天", "我也想去");
		assertThat(read(ann, moment).<Integer>at("$.comments")).isEqualTo(4);
		api.put("/api/v1/me/blocks/" + cai.id(), Map.of(), ben.accessToken());
		assertThat(api.get("/api/v1/moments/" + moment + "/comments", ben.accessToken())
				.<List<String>>at("$.items[*].authorName")).doesNotContain("Cai");
		assertThat(api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", " "), cai.accessToken())
				.status()).isEqualTo(400);
		assertThat(api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", "回", "parentId",
				UUID.randomUUID().toString()), cai.accessToken()).status()).isEqualTo(404);

		assertThat(delete("/api/v1/comments/" + first.string("$.id"), ann).status()).as("someone else's")
				.isEqualTo(403);
		assertThat(delete("/api/v1/comments/" + first.string("$.id"), ben).status()).isEqualTo(204);
		assertThat(read(ann, moment).<Integer>at("$.comments")).isEqualTo(3);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/api/v1/inbox?size=50",
				ann.accessToken()).<List<String>>at("$.items[?(@.kind == 'MOMENT_COMMENTED')].message"))
				.containsExactlyInAnyOrder("Ben commented on your moment.", "Ben commented on your moment.",
						"Cai commented on your moment."));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/api/v1/inbox?size=50",
				ben.accessToken()).<List<String>>at("$.items[?(@.kind == 'MOMENT_COMMENTED')].message"))
				.containsExactly("Ann replied to your comment."));
	}

	@Test
	void theWordListChangesAtRunTimeAndReportsAreResolved() {
		var admin = admin();
		var ann = api.register("Ann");
		var ben = api.register("Ben");
		var cai = api.register("Cai");
		var refused = "禁词" + UUID.randomUUID().toString().substring(0, 4);
		var masked = "Dummkopf" + UUID.randomUUID().toString().substring(0, 4);

		assertThat(api.put("/api/v1/admin/sensitive-words/" + refused, Map.of("action", "REFUSE"), ann.accessToken())
				.status()).as("not an admin").isEqualTo(403);
		assertThat(api.put("/api/v1/admin/sensitive-words/" + refused, Map.of("action", "REFUSE"),
				admin.accessToken()).status()).isEqualTo(200);
		assertThat(api.put("/api/v1/admin/sensitive-words/" + masked, Map.of("action", "MASK"), admin.accessToken())
				.status()).isEqualTo(200);
		assertThat(api.put("/api/v1/admin/sensitive-words/x", Map.of(), admin.accessToken()).status()).isEqualTo(400);

		var refusal = post(ann, Map.of("text", "这里有" + refused + "呢"));
		assertThat(refusal.status()).isEqualTo(400);
		assertThat(refusal.<List<String>>at("$.errors[*].rule")).containsExactly("sensitive-words");
		var moment = post(ann, Map.of("text", "Du " + masked.toUpperCase() + "!"));
		assertThat(moment.string("$.text")).isEqualTo("Du " + "*".repeat(masked.length()) + "!");
		assertThat(delete("/api/v1/admin/sensitive-words/" + refused, admin).status()).isEqualTo(204);
		assertThat(post(ann, Map.of("text", "这里有" + refused + "呢")).status()).as("taken off the list")
				.isEqualTo(201);

		var id = moment.string("$.id");
		var first = api.post("/api/v1/moments/" + id + "/reports", Map.of("reason", "侮辱人"), ben.accessToken());
		assertThat(first.status()).isEqualTo(202);
		var again = api.post("/api/v1/moments/" + id + "/reports", Map.of("reason", "侮辱人"), ben.accessToken());
		assertThat(again.string("$.id")).as("reported once").isEqualTo(first.string("$.id"));
		api.post("/api/v1/moments/" + id + "/reports", Map.of("reason", "rude"), cai.accessToken());
		assertThat(api.post("/api/v1/moments/" + id + "/reports", Map.of("reason", ""), cai.accessToken()).status())
				.isEqualTo(400);
		assertThat(api.get("/api/v1/admin/reports?size=100", ann.accessToken()).status()).isEqualTo(403);
		assertThat(api.get("/api/v1/admin/reports?size=100", admin.accessToken())
				.<List<String>>at("$.items[?(@.targetId == '" + id + "')].reason"))
				.containsExactlyInAnyOrder("侮辱人", "rude");

		var resolved = api.post("/api/v1/admin/reports/" + first.string("$.id") + "/resolution",
				Map.of("outcome", "REMOVED"), admin.accessToken());
		assertThat(resolved.string("$.status")).isEqualTo("REMOVED");
		assertThat(read(ben, id).status()).isEqualTo(404);
		assertThat(read(ann, id).status()).as("gone for its author too").isEqualTo(404);
		assertThat(api.get("/api/v1/admin/reports?size=100", admin.accessToken())
				.<List<String>>at("$.items[?(@.targetId == '" + id + "')].reason")).as("both resolved").isEmpty();
		var twice = api.post("/api/v1/admin/reports/" + first.string("$.id") + "/resolution",
				Map.of("outcome", "DISMISSED"), admin.accessToken());
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.string("$.type")).endsWith("/report-resolved");
	}

	private String publishedTrip(Person organizer) {
		var created = api.post("/api/v1/trips", TripBodies.free("seats", 4), organizer.accessToken());
		assertThat(created.status()).isEqualTo(201);
		var id = created.string("$.id");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);
		return id;
	}
}
