package com.yuelv.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * The split merged back into the single JAR after its {@code trips} deployment died while sending a trip's
 * publication: its own listener (geo) had the event, {@code accounts} had taken it in for notification and social,
 * and search never got it. The single JAR, where every listener now runs, completes the half-sent externalization
 * and hands the event to search's listener only, once.
 */
@EmbeddedModeTest
class HalfSentEventsIntegrationTests extends ApiTestSupport {

	static final String EXTERNALIZER = "org.springframework.modulith.events.support.DelegatingEventExternalizer"
			+ ".externalize(java.lang.Object)";
	static final String SEARCH = "com.yuelv.search.%";
	static final String NOTIFICATION = "com.yuelv.notification.%";
	static final String SOCIAL = "com.yuelv.social.%";

	@Autowired HalfSentEvents halfSent;

	@Test
	void aHalfSentEventReachesTheListenersThatNeverHadItOnce() {
		var organizer = api.register("Half Sent");
		var start = LocalDate.now().plusDays(40);
		var tripId = api.post("/api/v1/trips", Map.of("title", Map.of("zh", "半途而废之旅"), "destination", "桂林",
				"startDate", start.toString(), "endDate", start.plusDays(2).toString(), "stops",
				List.of(Map.of("placeName", "漓江", "latitude", 25.27, "longitude", 110.29, "day", 1)), "seats", 3,
				"budget", Map.of("amount", 2000, "currency", "CNY"), "languages", List.of("zh")),
				organizer.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + tripId + "/publication", Map.of(), organizer.accessToken());
		// notification, social, search and geo listen to a trip's publication
		await().atMost(Duration.ofSeconds(10)).until(() -> publications(tripId, "%", true) == 4);
		var eventId = jdbc.sql("""
				select serialized_event from platform.event_publication
				where event_type like '%TripPublished' and serialized_event like ? limit 1""")
				.param("%" + tripId + "%").query(String.class).single().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");

		// as the split left it: search never had the event, accounts took it in for notification and social
		for (var listener : List.of(SEARCH, NOTIFICATION, SOCIAL)) {
			jdbc.sql("delete from platform.event_publication where serialized_event like ? and listener_id like ?")
					.params("%" + tripId + "%", listener).update();
		}
		for (var module : List.of("notification", "social")) {
			jdbc.sql("insert into platform.event_inbox (event_id, module, event_type, received_at) values (?, ?, ?, ?)")
					.params(UUID.fromString(eventId), module, "trip.TripPublished", OffsetDateTime.now()).update();
		}
		jdbc.sql("""
				insert into platform.event_publication (id, listener_id, event_type, serialized_event, publication_date,
				    status, completion_attempts)
				select ?, ?, event_type, serialized_event, ?, 'FAILED', 1 from platform.event_publication
				where event_type like '%TripPublished' and serialized_event like ? limit 1""")
				.params(UUID.randomUUID(), EXTERNALIZER, OffsetDateTime.now().minusMinutes(5), "%" + tripId + "%")
				.update();

		halfSent.takeOver();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(publications(tripId, SEARCH, true)).as("search's listener, delivered").isEqualTo(1);
			assertThat(publications(tripId, EXTERNALIZER, true)).as("the half-sent one, completed").isEqualTo(1);
		});
		assertThat(publications(tripId, NOTIFICATION, false)).as("notification took it in before").isZero();
		assertThat(publications(tripId, SOCIAL, false)).as("and social beside it").isZero();
		assertThat(publications(tripId, "com.yuelv.geo.%", false)).as("geo had it beside the publisher").isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from platform.event_inbox where event_id = ?")
				.param(UUID.fromString(eventId)).query(Long.class).single())
				.as("taken in for notification, social and search").isEqualTo(3);

		halfSent.takeOver();
		assertThat(publications(tripId, SEARCH, false)).as("taken over once").isEqualTo(1);
	}

	private long publications(String tripId, String listener, boolean completed) {
		return jdbc.sql("select count(*) from platform.event_publication where event_type like '%TripPublished' "
				+ "and serialized_event like ? and listener_id like ?" + (completed ? " and completion_date is not null"
						: "")).params("%" + tripId + "%", listener).query(Long.class).single();
	}
}
