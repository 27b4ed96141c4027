package com.yuelv.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.PaymentSandbox;
import com.yuelv.trip.TripBodies;

/**
 * Each failure mode of the sandbox provider, and forged or replayed webhooks, on the single JAR: whatever the provider
 * does, a paid seat ends confirmed with one intent at the provider and one capture in the ledger, and a webhook that
 * is not the provider's is a 401 that changes nothing.
 */
@EmbeddedModeTest
class ProviderFaultsIntegrationTests extends ApiTestSupport {

	@LocalServerPort int port;
	@Autowired Reconciliation reconciliation;
	@Autowired Webhooks webhooks;

	private final PaymentSandbox sandbox = PaymentSandbox.get();

	@BeforeEach
	void normalProvider() {
		mode("normal", 2000);
	}

	@Test
	void aWebhookUnsignedWronglySignedOrOldIsRefusedAndChangesNothing() {
		var seat = heldSeat();
		mode("webhook-never", 2000);
		pay(seat, "pm_card_ok");
		var intent = await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.intents(seat.request()),
				intents -> intents.size() == 1 && "authorised".equals(intents.get(0).path("status").asString())).get(0);
		assertThat(status(seat)).isEqualTo("PROCESSING");
		var event = """
				{"id":"evt_forged_%s","object":"event","type":"intent.authorised","created":%d,
				 "data":{"object":%s}}""".formatted(UUID.randomUUID(), Instant.now().getEpochSecond(), intent)
				.getBytes(StandardCharsets.UTF_8);
		var now = Instant.now().getEpochSecond();

		assertThat(webhook(event, null).status()).isEqualTo(401);
		assertThat(webhook(event, "t=" + now + ",v1=" + "00".repeat(32)).status()).isEqualTo(401);
		assertThat(webhook(event, "v1=" + signature(now, event)).status()).isEqualTo(401);
		var replayed = webhook(event, "t=" + (now - 600) + ",v1=" + signature(now - 600, event));
		assertThat(replayed.status()).isEqualTo(401);
		assertThat(replayed.string("$.type")).endsWith("/invalid-webhook-signature");
		assertThat(status(seat)).isEqualTo("PROCESSING");
		assertThat(jdbc.sql("select count(*) from payment.provider_events where event_type = 'intent.authorised' and "
				+ "event_id like 'evt_forged_%'").query(Long.class).single()).isZero();

		// the same event, signed now with the secret, is believed
		assertThat(webhook(event, "t=" + now + ",v1=" + signature(now, event)).status()).isEqualTo(204);
		awaitConfirmed(seat);
	}

	@Test
	void aWebhookNeverSentIsMadeUpByTheReconciliation() throws InterruptedException {
		var seat = heldSeat();
		mode("webhook-never", 2000);
		pay(seat, "pm_card_ok");
		Thread.sleep(2100);
		assertThat(status(seat)).isEqualTo("PROCESSING");
		reconciliation.run();
		awaitConfirmed(seat);
	}

	@Test
	void aProviderThatAnswersTooLateIsAskedAgainWithTheSameKeyAndChargesOnce() throws InterruptedException {
		var seat = heldSeat();
		// the provider takes the payment but answers after the client's read timeout (3 s)
		mode("timeout", 4000);
		var paid = pay(seat, "pm_card_ok");
		assertThat(paid.status()).isEqualTo(202);
		assertThat(paid.string("$.status")).isEqualTo("PROCESSING");
		mode("normal", 2000);
		Thread.sleep(2100);
		reconciliation.run();
		awaitConfirmed(seat);
		assertThat(sandbox.intents(seat.request())).hasSize(1);
	}

	@Test
	void duplicatedAndReorderedWebhooksTakeEffectOnce() {
		for (var mode : new String[] { "webhook-duplicated", "webhook-reordered" }) {
			var seat = heldSeat();
			mode(mode, 800);
			pay(seat, "pm_card_ok");
			awaitConfirmed(seat);
			// the late authorisation and the copies arrive after the capture: nothing moves back or twice
			await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
					sandbox.get("/sandbox/events?object_id=" + sandbox.intents(seat.request()).get(0).path("id")
							.asString()).path("data")).allSatisfy(event -> assertThat(event.path("delivered")
									.asBoolean()).isTrue()));
			assertThat(status(seat)).isEqualTo("CAPTURED");
			assertThat(jdbc.sql("select count(*) from payment.ledger_transactions where payment_id = ?")
					.param(UUID.fromString(seat.payment())).query(Long.class).single()).isOne();
			assertThat(jdbc.sql("select count(*) from notification.inbox_entries where recipient_id = ? and kind = "
					+ "'JOIN_ACCEPTED'").param(seat.traveler().id()).query(Long.class).single()).isOne();
		}
	}

	private record Seat(Api.Person organizer, Api.Person traveler, String request, String payment) {}

	private Seat heldSeat() {
		var organizer = api.register("Faults Organizer");
		var traveler = api.register("Faults Traveler");
		var trip = api.post("/api/v1/trips", TripBodies.with("seats", 2), organizer.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + trip + "/publication", Map.of(), organizer.accessToken());
		var request = api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), traveler.accessToken())
				.string("$.id");
		var payment = api.post("/api/v1/join-requests/" + request + "/acceptance", Map.of(), organizer.accessToken())
				.string("$.purchase.paymentId");
		await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/payments/" + payment,
				traveler.accessToken()).status() == 200);
		return new Seat(organizer, traveler, request, payment);
	}

	private Api.Response pay(Seat seat, String method) {
		return api.perform(Api.request(HttpMethod.POST, "/api/v1/payments/" + seat.payment() + "/confirmation",
				seat.traveler().accessToken()).header("Idempotency-Key", UUID.randomUUID().toString())
				.contentType(MediaType.APPLICATION_JSON).content(api.write(Map.of("paymentMethod", method))));
	}

	private String status(Seat seat) {
		return api.get("/api/v1/payments/" + seat.payment(), seat.traveler().accessToken()).string("$.status");
	}

	private void awaitConfirmed(Seat seat) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(api.get("/api/v1/join-requests/" + seat.request(), seat.traveler().accessToken())
					.string("$.purchase.state")).isEqualTo("CONFIRMED");
			assertThat(status(seat)).isEqualTo("CAPTURED");
		});
		assertThat(sandbox.intents(seat.request())).singleElement().satisfies(intent -> {
			assertThat(intent.path("status").asString()).isEqualTo("captured");
			assertThat(intent.path("amount_captured").asLong()).isEqualTo(680_000);
		});
		assertThat(jdbc.sql("select coalesce(sum(amount_minor), 0) from payment.postings where account = ?")
				.param("payer:" + seat.traveler().id()).query(Long.class).single()).isEqualTo(-680_000);
	}

	private Api.Response webhook(byte[] body, String signature) {
		var request = Api.request(HttpMethod.POST, "/api/v1/payment-provider/events", null)
				.contentType(MediaType.APPLICATION_JSON).content(body);
		if (signature != null) {
			request.header(Webhooks.SIGNATURE, signature);
		}
		return api.perform(request);
	}

	private String signature(long time, byte[] body) {
		return HexFormat.of().formatHex(webhooks.sign(Long.toString(time), body));
	}

	private void mode(String mode, long delayMs) {
		sandbox.mode(mode, delayMs, "http://127.0.0.1:" + port + "/api/v1/payment-provider/events");
	}
}
