package com.yuelv.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.Api.Person;
import com.yuelv.EmbeddedModeTest;

@EmbeddedModeTest
class InboxIntegrationTests extends ApiTestSupport {

	@Test
	void welcomesEveryNewAccountOnce() {
		var person = api.register("Newcomer");
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
				select count(*) from platform.event_publication
				where serialized_event like ? and completion_date is not null""")
				.param("%" + person.id() + "%").query(Long.class).single() == 1);

		var inbox = awaitEntries(person, 1);

		assertThat(inbox.string("$.items[0].kind")).isEqualTo("WELCOME");
		assertThat(inbox.string("$.items[0].message")).contains("Newcomer");
		assertThat(inbox.<Integer>at("$.unread")).isEqualTo(1);
	}

	@Test
	void tellsTheOrganizerOfPublicationAndCancellation() {
		var organizer = api.register("Inbox Organizer");
		var tripId = publishedTrip(organizer);
		awaitEntries(organizer, 2);
		api.post("/api/v1/trips/" + tripId + "/cancellation", Map.of("reason", "weather"), organizer.accessToken());

		var inbox = awaitEntries(organizer, 3);

		assertThat(inbox.<List<String>>at("$.items[*].kind"))
				.containsExactly("TRIP_CANCELLED", "TRIP_PUBLISHED", "WELCOME");
		assertThat(inbox.<List<String>>at("$.items[*].subjectId")).contains(tripId);
		assertThat(inbox.string("$.items[1].message")).contains("京都红叶之旅");
	}

	@Test
	void listsUnreadFirstAndMarksEntriesRead() {
		var organizer = api.register("Reader");
		publishedTrip(organizer);
		var inbox = awaitEntries(organizer, 2);
		assertThat(inbox.<List<String>>at("$.items[*].kind")).as("newest first while all are unread")
				.containsExactly("TRIP_PUBLISHED", "WELCOME");
		String newest = inbox.<List<String>>at("$.items[?(@.kind == 'TRIP_PUBLISHED')].id").getFirst();

		assertThat(api.post("/api/v1/inbox/" + newest + "/read", Map.of(), organizer.accessToken()).status())
				.isEqualTo(204);
		var afterOne = api.get("/api/v1/inbox", organizer.accessToken());
		assertThat(afterOne.<List<String>>at("$.items[*].kind")).as("the unread older entry comes first")
				.containsExactly("WELCOME", "TRIP_PUBLISHED");
		assertThat(afterOne.<Integer>at("$.unread")).isEqualTo(1);
		assertThat(afterOne.<String>optional("$.items[0].readAt")).isNull();
		assertThat(afterOne.<String>optional("$.items[1].readAt")).isNotNull();

		var all = api.post("/api/v1/inbox/read-all", Map.of(), organizer.accessToken());
		assertThat(all.<Integer>at("$.marked")).isEqualTo(1);
		assertThat(api.get("/api/v1/inbox", organizer.accessToken()).<Integer>at("$.unread")).isZero();
	}

	@Test
	void paginatesAndKeepsEntriesPrivate() {
		var organizer = api.register("Pager");
		publishedTrip(organizer);
		awaitEntries(organizer, 2);
		var other = api.register("Snoop");
		var entry = api.get("/api/v1/inbox?size=1", organizer.accessToken());

		assertThat(entry.<List<?>>at("$.items")).hasSize(1);
		assertThat(entry.<Boolean>at("$.hasNext")).isTrue();
		assertThat(api.post("/api/v1/inbox/" + entry.string("$.items[0].id") + "/read", Map.of(),
				other.accessToken()).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/inbox/" + UUID.randomUUID() + "/read", Map.of(), other.accessToken()).status())
				.isEqualTo(404);
		assertThat(api.get("/api/v1/inbox?size=101", organizer.accessToken()).status()).isEqualTo(400);
		assertThat(api.get("/api/v1/inbox?page=-1", organizer.accessToken()).status()).isEqualTo(400);
		var deep = api.get("/api/v1/inbox?page=2147483647&size=2", organizer.accessToken());
		assertThat(deep.status()).isEqualTo(400);
		assertThat(deep.string("$.errors[0].field")).isEqualTo("page");
	}

	private Api.Response awaitEntries(Person person, int count) {
		await().atMost(Duration.ofSeconds(10)).until(
				() -> api.get("/api/v1/inbox", person.accessToken()).<Integer>at("$.totalItems") >= count);
		var inbox = api.get("/api/v1/inbox", person.accessToken());
		assertThat(inbox.<Integer>at("$.totalItems")).isEqualTo(count);
		return inbox;
	}

	private String publishedTrip(Person organizer) {
		var start = LocalDate.now().plusDays(30);
		var created = api.post("/api/v1/trips", Map.of("title", Map.of("zh", "京都红叶之旅"), "destination", "京都",
				"startDate", start.toString(), "endDate", start.plusDays(2).toString(), "stops",
				List.of(Map.of("placeName", "清水寺", "latitude", 34.99, "longitude", 135.78, "day", 1)), "seats", 3,
				"budget", Map.of("amount", 3000, "currency", "CNY"), "languages", List.of("zh")),
				organizer.accessToken());
		var id = created.string("$.id");
		api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken());
		return id;
	}
}
