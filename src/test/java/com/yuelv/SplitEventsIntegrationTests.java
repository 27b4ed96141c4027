package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.build.split.PeerGrants;
import com.yuelv.platform.events.DeadLetters;
import com.yuelv.platform.events.EventsEndpoint;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripPublished;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events between the {@code trips} and {@code accounts} deployments of the peak-season split through the machine's
 * RabbitMQ, on exchanges and queues of this run's own: a trip published in one deployment becomes the organizer's
 * notification in the other, its publication completes once the broker confirmed it, a redelivered event takes
 * effect once, broken messages land in the dead-letter queue with their reason while the ones behind them flow, and an
 * operator replays a dead letter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitEventsIntegrationTests {

	@TempDir static Path dir;

	private final String prefix = "yuelv-test-" + UUID.randomUUID() + ".";
	private ConfigurableApplicationContext trips;
	private ConfigurableApplicationContext accounts;

	@BeforeAll
	void start() {
		// trips reads token revocations from accounts, which starts second: its port is chosen first
		var accountsPort = freePort();
		// booking calls payment, which neither deployment runs: nothing here pays
		trips = start("trips", "trip,booking,geo", 0, "--yuelv.split.peers.identity=http://localhost:" + accountsPort,
				"--yuelv.split.peers.social=http://localhost:" + accountsPort,
				"--yuelv.split.peers.payment=http://localhost:9");
		var tripsPort = trips.getEnvironment().getRequiredProperty("local.server.port");
		accounts = start("accounts", "identity,social,notification,demo", accountsPort,
				"--yuelv.split.peers.trip=http://localhost:" + tripsPort);
	}

	@AfterAll
	void stop() {
		var admin = new RabbitAdmin(trips.getBean(RabbitTemplate.class));
		for (var module : List.of("notification", "search")) {
			admin.deleteQueue(prefix + "events." + module);
			admin.deleteQueue(prefix + "events." + module + ".dead");
		}
		admin.deleteExchange(prefix + "events");
		admin.deleteExchange(prefix + "dead");
		accounts.close();
		trips.close();
	}

	@Test
	void aTripPublishedInOneDeploymentIsTheOrganizersNotificationInTheOther() {
		var organizer = UserId.random();
		var tripsApi = trips.getBean(TripApi.class);
		var tripId = tripsApi.draft(organizer, draft("青海湖骑行"));
		tripsApi.publish(organizer, tripId);

		await().atMost(Duration.ofSeconds(30)).until(() -> entries(organizer, "TRIP_PUBLISHED") == 1);
		// the publication completed only after the broker's confirm; none is left behind
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc(trips)
				.sql("select count(*) from platform.event_publication where completion_date is null").query(Long.class)
				.single() == 0);
	}

	@Test
	void aRedeliveredEventTakesEffectOnce() {
		var event = publishedEvent("敦煌");
		var message = message(json(accounts).writeValueAsBytes(event), "trip.TripPublished", 1);
		var rabbit = trips.getBean(RabbitTemplate.class);
		var before = duplicates();
		rabbit.send(prefix + "events", "trip.TripPublished", message);
		await().atMost(Duration.ofSeconds(30)).until(() -> entries(event.organizerId(), "TRIP_PUBLISHED") == 1);
		rabbit.send(prefix + "events", "trip.TripPublished", message);

		await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= before + 1);
		// the inbox handed the event to the local listener once: one publication, hence one notification (the
		// notification's own check by event id is a second line, not what this proves)
		assertThat(received(event.eventId())).isEqualTo(1);
		assertThat(jdbc(accounts).sql("select count(*) from platform.event_publication where serialized_event like ? "
				+ "and listener_id like 'com.yuelv.notification.%'").param("%" + event.eventId() + "%")
				.query(Long.class).single()).isEqualTo(1);
		assertThat(entries(event.organizerId(), "TRIP_PUBLISHED")).isEqualTo(1);
	}

	/**
	 * A valid event that was dead-lettered (its take-in failed too often, say while a listener's table was locked) is
	 * shown to the operator with its reason, replayed into its module's queue and taken in; the replay is audited and
	 * the dead letter is gone. An id no dead letter has is refused.
	 */
	@Test
	void aDeadLetterReplayedByAnOperatorIsTakenIn() {
		var event = publishedEvent("可可西里");
		var letter = MessageBuilder.fromMessage(message(json(accounts).writeValueAsBytes(event), "trip.TripPublished",
				1)).setHeader("yuelv-dead-reason", "taking it in failed 4 times, last: lock timeout").build();
		var id = letter.getMessageProperties().getMessageId();
		trips.getBean(RabbitTemplate.class).send(prefix + "dead", "notification", letter);
		var deadLetters = accounts.getBean(DeadLetters.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters.peek("notification", 50))
				.anySatisfy(dead -> {
					assertThat(dead.messageId()).isEqualTo(id);
					assertThat(dead.type()).isEqualTo("trip.TripPublished");
					assertThat(dead.reason()).startsWith("taking it in failed 4 times");
				}));
		assertThat(received(event.eventId())).isZero();

		var endpoint = accounts.getBean(EventsEndpoint.class);
		var operator = new SecurityContext() {
			@Override
			public java.security.Principal getPrincipal() {
				return () -> "operator-1";
			}

			@Override
			public boolean isUserInRole(String role) {
				return role.equals("ADMIN");
			}
		};
		var replayed = endpoint.replay("notification", id, operator);

		assertThat(replayed).containsKey("deadLetter");
		await().atMost(Duration.ofSeconds(30)).until(() -> entries(event.organizerId(), "TRIP_PUBLISHED") == 1);
		assertThat(received(event.eventId())).isEqualTo(1);
		assertThat(deadLetters.peek("notification", 50)).noneMatch(dead -> id.equals(dead.messageId()));
		@SuppressWarnings("unchecked")
		var replays = (List<Map<String, Object>>) endpoint.events().get("recentReplays");
		assertThat(replays.getFirst()).containsEntry("who", "operator-1");
		assertThatThrownBy(() -> endpoint.replay("notification", id, operator))
				.isInstanceOf(InvalidEndpointRequestException.class);
	}

	@Test
	void brokenMessagesAreDeadLetteredWithTheirReasonAndTheRestFlows() {
		var rabbit = trips.getBean(RabbitTemplate.class);
		var good = publishedEvent("稻城亚丁");
		var newer = publishedEvent("喀什");
		rabbit.send(prefix + "events", "trip.TripPublished",
				message("{not json".getBytes(StandardCharsets.UTF_8), "trip.TripPublished", 1));
		rabbit.send(prefix + "events", "trip.TripMoved",
				message("{}".getBytes(StandardCharsets.UTF_8), "trip.TripMoved", 1));
		rabbit.send(prefix + "events", "trip.TripPublished",
				message(json(accounts).writeValueAsBytes(newer), "trip.TripPublished", 2));
		rabbit.send(prefix + "events", "trip.TripPublished",
				message(json(accounts).writeValueAsBytes(good), "trip.TripPublished", 1));

		await().atMost(Duration.ofSeconds(30)).until(() -> received(good.eventId()) == 1);
		var reasons = new ArrayList<String>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			var dead = rabbit.receive(prefix + "events.notification.dead", 200);
			if (dead != null) {
				reasons.add(String.valueOf(dead.getMessageProperties().getHeaders().get("yuelv-dead-reason")));
			}
			return reasons.size() == 3;
		});
		assertThat(reasons).anySatisfy(reason -> assertThat(reason).startsWith("not a valid trip.TripPublished"))
				.anySatisfy(reason -> assertThat(reason).startsWith("unknown event type 'trip.TripMoved'"))
				.anySatisfy(reason -> assertThat(reason)
						.isEqualTo("schema version 2 of trip.TripPublished is newer than this deployment reads (1)"));
		assertThat(received(newer.eventId())).isZero();
	}

	private TripPublished publishedEvent(String title) {
		var organizer = UserId.random();
		var tripsApi = trips.getBean(TripApi.class);
		var tripId = tripsApi.draft(organizer, draft(title));
		tripsApi.publish(organizer, tripId);
		TripDetails details = tripsApi.find(tripId).orElseThrow();
		// wait for the real publication to arrive, so that the copies below are about the event alone
		await().atMost(Duration.ofSeconds(30)).until(() -> entries(organizer, "TRIP_PUBLISHED") == 1);
		return new TripPublished(UUID.randomUUID(), Instant.now(), new TripDetails(details.tripId(),
				UserId.random(), details.status(), details.title(), details.description(), details.destination(),
				details.startDate(), details.endDate(), details.stops(), details.seats(), details.budget(),
				details.languages(), details.tags(), details.createdAt(), details.publishedAt(), null, null,
				details.version()));
	}

	private static Message message(byte[] body, String type, int schemaVersion) {
		return MessageBuilder.withBody(body).setContentType("application/json").setMessageId(UUID.randomUUID()
				.toString()).setHeader("yuelv-event-type", type).setHeader("yuelv-schema-version", schemaVersion)
				.build();
	}

	private long entries(UserId user, String kind) {
		return jdbc(accounts).sql("select count(*) from notification.inbox_entries where recipient_id = ? and kind = ?")
				.params(user.value(), kind).query(Long.class).single();
	}

	private double duplicates() {
		var counter = accounts.getBean(MeterRegistry.class).find("yuelv.events.incoming").tag("outcome", "duplicate")
				.counter();
		return counter == null ? 0 : counter.count();
	}

	/** Whether accounts took the event in for notification (social, beside it, takes trip events in too). */
	private long received(UUID eventId) {
		return jdbc(accounts).sql("select count(*) from platform.event_inbox where event_id = ? and module = ?")
				.params(eventId, "notification").query(Long.class).single();
	}

	private static JdbcClient jdbc(ConfigurableApplicationContext app) {
		return JdbcClient.create(app.getBean(javax.sql.DataSource.class));
	}

	private static JsonMapper json(ConfigurableApplicationContext app) {
		return app.getBean(JsonMapper.class);
	}

	private static int freePort() {
		try (var socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private ConfigurableApplicationContext start(String name, String modules, int port, String... more) {
		var args = new ArrayList<>(List.of("--yuelv.data-dir=" + dir.resolve(name),
				"--yuelv.search.index-dir=" + dir.resolve(name).resolve("search"),
				"--yuelv.jwt.key-file=" + dir.resolve("jwt-signing-key.pem"), "--yuelv.split.deployment=" + name,
				"--yuelv.split.identity.peer-keys=" + dir.resolve("peer-keys"),
				"--yuelv.keys.kek-file=" + dir.resolve("key-encryption-key.bin"), "--server.port=" + port,
				"--yuelv.events.retry-interval=2s", "--yuelv.events.retry-after=2s",
				"--yuelv.split.modules=" + modules, "--yuelv.split.events.exchange=" + prefix + "events",
				"--yuelv.split.events.dead-letter-exchange=" + prefix + "dead",
				"--yuelv.split.events.queue-prefix=" + prefix + "events."));
		args.addAll(PeerGrants.arguments(Map.of("trips", List.of("trip", "booking", "geo"), "accounts",
				List.of("identity", "social", "notification", "demo")), name));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(YuelvApplication.class).run(args.toArray(String[]::new));
	}

	private static TripDraft draft(String title) {
		var start = LocalDate.now().plusMonths(3);
		return new TripDraft(Map.of("zh", title), null, "中国", start, start.plusDays(3),
				List.of(new TripDraft.Stop(title, 36.9, 100.1, 1)), 3, new java.math.BigDecimal("1500"), "CNY",
				List.of("zh"), List.of());
	}
}
