package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/**
 * The peak-season split, run by {@code deploy/local/split.sh}, under failure: the deployment consuming the events
 * killed with SIGKILL while they flow, and RabbitMQ stopped while trips are published. Every event takes effect once:
 * each published trip is exactly one notification of its organizer, taken in once by the {@code accounts} deployment.
 * And the booking saga with the deployment that just made a step killed with SIGKILL after each step and started
 * again: no seat is held for ever, no one is charged twice, no refund is lost (the ledger and the provider's records
 * agree).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitFailureTests {

	private static final String PASSWORD = "correct horse battery staple 42";
	private static final LocalSplitRun SPLIT = new LocalSplitRun("split-run-failures",
			"--yuelv.rate-limits.enabled=false --yuelv.events.retry-interval=2s --yuelv.events.retry-after=2s "
					+ "--yuelv.search.catch-up-interval=1h --yuelv.payment.reconcile-interval=2s "
					+ "--yuelv.payment.reconcile-after=2s --yuelv.booking.hold-check-interval=1s");

	private final RestClient edge = RestClient.create("http://localhost:8080");
	private final JdbcClient accounts = SPLIT.jdbc();

	@BeforeAll
	void start() throws Exception {
		SPLIT.script("stop");
		SPLIT.script("start");
	}

	@AfterAll
	void stop() throws Exception {
		rabbit("start_app");
		SPLIT.script("stop");
	}

	@Test
	void killingTheConsumingDeploymentLosesAndDuplicatesNothing() throws Exception {
		var organizer = organizer();
		var published = new ArrayList<String>();
		for (int i = 0; i < 30; i++) {
			published.add(publishTrip(organizer.token(), "kill " + i));
			if (i == 10) {
				var pid = Long.parseLong(Files.readString(SPLIT.directory().resolve("accounts.pid")).strip());
				var accounts = ProcessHandle.of(pid).orElseThrow();
				new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
				// a JVM takes a moment to go after SIGKILL; the restart below refuses while it is still there
				accounts.onExit().get(30, TimeUnit.SECONDS);
			}
		}
		SPLIT.script("restart", "accounts");

		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
				.until(() -> tripNotifications(organizer.id()) >= published.size());
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
				.until(() -> tripNotifications(organizer.id()) == published.size());
		assertThat(localPublications(organizer.id())).as("each event taken in once").isEqualTo(published.size());
	}

	@Test
	void eventsPublishedWhileRabbitMqIsDownArriveOnceItIsBack() throws Exception {
		var organizer = organizer();
		var published = new ArrayList<String>();
		published.add(publishTrip(organizer.token(), "before"));
		rabbit("stop_app");
		try {
			for (int i = 0; i < 10; i++) {
				published.add(publishTrip(organizer.token(), "while down " + i));
			}
		}
		finally {
			rabbit("start_app");
		}
		published.add(publishTrip(organizer.token(), "after"));

		// the outbox publishes what failed again (every 2 s here); consumers reconnect by themselves
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
				.until(() -> tripNotifications(organizer.id()) >= published.size());
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
				.until(() -> tripNotifications(organizer.id()) == published.size());
		assertThat(localPublications(organizer.id())).as("each event taken in once").isEqualTo(published.size());
	}

	@Test
	void theBookingSagaKilledAfterEachStepHoldsNothingForEverChargesOnceAndLosesNoRefund() throws Exception {
		var sandbox = PaymentSandbox.attach(java.net.URI.create("http://127.0.0.1:8099"));
		var organizer = organizer();
		var traveler = organizer();
		var trip = publishTrip(organizer.token(), "saga");
		var request = ask(traveler, trip);

		// accepted: the seat is held and the payment to open is in the trips deployment's outbox
		var payment = edge.post().uri("/api/v1/join-requests/{id}/acceptance", request)
				.header("Authorization", "Bearer " + organizer.token()).retrieve().body(JsonNode.class)
				.path("purchase").path("paymentId").asString();
		kill("trips");
		SPLIT.script("restart", "trips");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
				.until(() -> status(traveler.token(), "/api/v1/payments/" + payment) == 200);

		// paid: the provider's answer and webhook find the payments deployment gone; it learns the result after
		edge.post().uri("/api/v1/payments/{id}/confirmation", payment).header("Authorization", "Bearer "
				+ traveler.token()).header("Idempotency-Key", UUID.randomUUID().toString())
				.contentType(MediaType.APPLICATION_JSON).body(Map.of("paymentMethod", "pm_card_ok")).retrieve()
				.toBodilessEntity();
		kill("payments");
		SPLIT.script("restart", "payments");
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
				.until(() -> "CONFIRMED".equals(purchaseState(traveler.token(), request)));
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
				.until(() -> balance("payer:" + traveler.id()) == -90_000);
		assertThat(sandbox.intents(request)).singleElement().satisfies(intent -> {
			assertThat(intent.path("status").asString()).isEqualTo("captured");
			assertThat(intent.path("amount_captured").asLong()).isEqualTo(90_000);
		});

		// left four months before the start: refunded whole, with the trips deployment killed once it decided so
		edge.post().uri("/api/v1/join-requests/{id}/withdrawal", request).header("Authorization", "Bearer "
				+ traveler.token()).retrieve().toBodilessEntity();
		kill("trips");
		SPLIT.script("restart", "trips");
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
				.until(() -> "REFUNDED".equals(purchaseState(traveler.token(), request)));
		assertThat(balance("payer:" + traveler.id())).isZero();
		assertThat(balance("escrow:trip:" + trip)).isZero();
		var refunds = sandbox.refunds(sandbox.intents(request).get(0).path("id").asString());
		assertThat(refunds).singleElement().satisfies(refund -> assertThat(refund.path("amount").asLong())
				.isEqualTo(90_000));

		// a hold whose deadline passes while its deployment is down is freed after the restart
		var late = organizer();
		var lateRequest = ask(late, trip);
		edge.post().uri("/api/v1/join-requests/{id}/acceptance", lateRequest)
				.header("Authorization", "Bearer " + organizer.token()).retrieve().toBodilessEntity();
		kill("trips");
		accounts.sql("update booking.seat_purchases set pay_by = now() - interval '1 minute' where request_id = ?")
				.param(UUID.fromString(lateRequest)).update();
		SPLIT.script("restart", "trips");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
				.until(() -> "LAPSED".equals(purchaseState(late.token(), lateRequest)));
		assertThat(accounts.sql("select taken from booking.rosters where trip_id = ?").param(UUID.fromString(trip))
				.query(Integer.class).single()).isZero();
		assertThat(sandbox.intents(lateRequest)).isEmpty();
		assertThat(balance("payer:" + late.id())).isZero();
	}

	private String ask(Organizer traveler, String trip) {
		return edge.post().uri("/api/v1/trips/{id}/join-requests", trip).header("Authorization", "Bearer "
				+ traveler.token()).contentType(MediaType.APPLICATION_JSON).body(Map.of()).retrieve()
				.body(JsonNode.class).path("id").asString();
	}

	private String purchaseState(String token, String request) {
		return edge.get().uri("/api/v1/join-requests/{id}", request).header("Authorization", "Bearer " + token)
				.retrieve().body(JsonNode.class).path("purchase").path("state").asString();
	}

	private int status(String token, String path) {
		return edge.get().uri(path).header("Authorization", "Bearer " + token)
				.exchange((request, response) -> response.getStatusCode().value());
	}

	private long balance(String account) {
		return accounts.sql("select coalesce(sum(amount_minor), 0) from payment.postings where account = ?")
				.param(account).query(Long.class).single();
	}

	/** SIGKILL, and waits until the JVM is gone: the restart refuses while it is still there. */
	private static void kill(String deployment) throws Exception {
		var pid = Long.parseLong(Files.readString(SPLIT.directory().resolve(deployment + ".pid")).strip());
		var process = ProcessHandle.of(pid).orElseThrow();
		new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
		process.onExit().get(30, TimeUnit.SECONDS);
	}

	record Organizer(UUID id, String token) {}

	private Organizer organizer() {
		var email = "organizer-" + UUID.randomUUID() + "@failures.yuelv.test";
		var account = edge.post().uri("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", email, "password", PASSWORD, "displayName", "阿杰")).retrieve()
				.body(JsonNode.class);
		var token = edge.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", email, "password", PASSWORD)).retrieve().body(JsonNode.class)
				.path("accessToken").asString();
		return new Organizer(UUID.fromString(account.path("id").asString()), token);
	}

	private String publishTrip(String token, String title) {
		var start = LocalDate.now().plusMonths(4);
		var trip = edge.post().uri("/api/v1/trips").header("Authorization", "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("title", Map.of("en", title), "destination", "Lhasa", "startDate", start.toString(),
						"endDate", start.plusDays(2).toString(), "seats", 3,
						"budget", Map.of("amount", 900, "currency", "CNY"), "languages", List.of("en"),
						"stops", List.of(Map.of("placeName", "Jokhang", "latitude", 29.65, "longitude", 91.13, "day", 1))))
				.retrieve().body(JsonNode.class);
		var id = trip.path("id").asString();
		edge.post().uri("/api/v1/trips/{id}/publication", id).header("Authorization", "Bearer " + token).retrieve()
				.toBodilessEntity();
		return id;
	}

	private long tripNotifications(UUID organizer) {
		return accounts.sql("select count(*) from notification.inbox_entries where recipient_id = ? and kind = ?")
				.params(organizer, "TRIP_PUBLISHED").query(Long.class).single();
	}

	/**
	 * How many times the accounts deployment handed a trip event of the organizer to its listener: the inbox's doing,
	 * one per event if it drops every redelivery (the notification's own check by event id would hide a second).
	 */
	private long localPublications(UUID organizer) {
		return accounts.sql("""
				select count(*) from platform.event_publication
				where listener_id like 'com.yuelv.notification.%' and event_type like ? and serialized_event like ?""")
				.params("%TripPublished", "%" + organizer + "%").query(Long.class).single();
	}

	private static void rabbit(String action) throws IOException, InterruptedException {
		var process = new ProcessBuilder("rabbitmqctl", "-q", action).redirectErrorStream(true).start();
		process.getInputStream().readAllBytes();
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new AssertionError("rabbitmqctl " + action + " failed");
		}
	}
}
