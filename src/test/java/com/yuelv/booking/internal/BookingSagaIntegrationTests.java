package com.yuelv.booking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * The booking saga end to end on the single JAR, against the sandbox provider as a separate process: acceptance holds
 * the seat and opens the payment, the traveler pays, the provider's webhook authorises it, the seat is confirmed and
 * the money captured into escrow; a companion who leaves is refunded by the policy; a declined payment or an expired
 * hold frees the seat for the waitlist, and nothing is charged.
 */
@EmbeddedModeTest
class BookingSagaIntegrationTests extends ApiTestSupport {

	@LocalServerPort int port;
	@Autowired BookingSaga saga;

	private final PaymentSandbox sandbox = PaymentSandbox.get();

	@BeforeEach
	void normalProvider() {
		sandbox.mode("normal", 2000, webhooks());
	}

	@Test
	void aPaidSeatIsConfirmedCapturedIntoEscrowAndRefundedWholeWhenTheCompanionLeavesEarly() {
		var organizer = api.register("Saga Organizer");
		var traveler = api.register("Saga Traveler");
		var trip = publishedTrip(organizer, 2);
		var request = ask(trip, traveler);

		var accepted = api.post("/api/v1/join-requests/" + request + "/acceptance", Map.of(), organizer.accessToken());
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.string("$.status")).isEqualTo("HELD");
		assertThat(accepted.string("$.purchase.state")).isEqualTo("AWAITING_PAYMENT");
		assertThat(accepted.<Number>at("$.purchase.price.amount").doubleValue()).isEqualTo(6800.0);
		var payment = accepted.string("$.purchase.paymentId");
		assertThat(api.get("/api/v1/trips/" + trip + "/seats", null).<Integer>at("$.available")).isEqualTo(1);

		awaitOpen(traveler, payment);
		var paid = pay(traveler, payment, "pm_card_ok", UUID.randomUUID().toString());
		assertThat(paid.status()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			var seen = api.get("/api/v1/join-requests/" + request, traveler.accessToken());
			assertThat(seen.string("$.status")).isEqualTo("ACCEPTED");
			assertThat(seen.string("$.purchase.state")).isEqualTo("CONFIRMED");
			assertThat(api.get("/api/v1/payments/" + payment, organizer.accessToken()).string("$.status"))
					.isEqualTo("CAPTURED");
		});
		assertThat(balance("payer:" + traveler.id())).isEqualTo(-680_000);
		assertThat(balance("escrow:trip:" + trip)).isEqualTo(680_000);
		var atProvider = sandbox.intents(request);
		assertThat(atProvider).hasSize(1);
		assertThat(atProvider.get(0).path("amount_captured").asLong()).isEqualTo(680_000);

		// the trip starts in 40 days: leaving now is refunded whole
		assertThat(api.post("/api/v1/join-requests/" + request + "/withdrawal", Map.of(), traveler.accessToken())
				.string("$.status")).isEqualTo("LEFT");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			var seen = api.get("/api/v1/join-requests/" + request, organizer.accessToken());
			assertThat(seen.string("$.purchase.state")).isEqualTo("REFUNDED");
			assertThat(seen.<Integer>at("$.purchase.refundPercent")).isEqualTo(100);
			assertThat(seen.<Number>at("$.purchase.refunded.amount").doubleValue()).isEqualTo(6800.0);
		});
		assertThat(api.get("/api/v1/payments/" + payment, traveler.accessToken()).string("$.status"))
				.isEqualTo("REFUNDED");
		assertThat(balance("escrow:trip:" + trip)).isZero();
		assertThat(balance("payer:" + traveler.id())).isZero();
		assertThat(sandbox.refunds(atProvider.get(0).path("id").asString())).hasSize(1);
	}

	@Test
	void aTripCancelledAfterPaymentRefundsEveryoneWholeAndARemovedCompanionToo() {
		var seat = heldSeat("Cancelled");
		assertThat(pay(seat.traveler(), seat.payment(), "pm_card_ok", UUID.randomUUID().toString()).status())
				.isEqualTo(202);
		awaitState(seat, "CONFIRMED");
		assertThat(api.post("/api/v1/trips/" + seat.trip() + "/cancellation", Map.of("reason", "Road closed"),
				seat.organizer().accessToken()).status()).isEqualTo(200);
		awaitState(seat, "REFUNDED");
		assertThat(api.get("/api/v1/join-requests/" + seat.request(), seat.traveler().accessToken())
				.<Integer>at("$.purchase.refundPercent")).isEqualTo(100);
		assertThat(balance("payer:" + seat.traveler().id())).isZero();

		var removed = heldSeat("Removed");
		assertThat(pay(removed.traveler(), removed.payment(), "pm_card_ok", UUID.randomUUID().toString()).status())
				.isEqualTo(202);
		awaitState(removed, "CONFIRMED");
		assertThat(api.post("/api/v1/join-requests/" + removed.request() + "/rejection", Map.of("reason", "Sorry"),
				removed.organizer().accessToken()).string("$.status")).isEqualTo("REJECTED");
		awaitState(removed, "REFUNDED");
		assertThat(balance("payer:" + removed.traveler().id())).isZero();
		assertThat(api.get("/api/v1/trips/" + removed.trip() + "/seats", null).<Integer>at("$.available")).isEqualTo(1);
	}

	private void awaitState(Seat seat, String state) {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get("/api/v1/join-requests/"
				+ seat.request(), seat.traveler().accessToken()).string("$.purchase.state")).isEqualTo(state));
	}

	@Test
	void aDeclinedPaymentFreesTheSeatForTheWaitlistAndChargesNothing() {
		var organizer = api.register("Declined Organizer");
		var traveler = api.register("Declined Traveler");
		var waiting = api.register("Waiting Traveler");
		var trip = publishedTrip(organizer, 1);
		var request = ask(trip, traveler);
		var waitlisted = ask(trip, waiting);
		var payment = api.post("/api/v1/join-requests/" + request + "/acceptance", Map.of(), organizer.accessToken())
				.string("$.purchase.paymentId");
		assertThat(api.get("/api/v1/join-requests/" + waitlisted, waiting.accessToken()).string("$.status"))
				.isEqualTo("WAITLISTED");

		awaitOpen(traveler, payment);
		assertThat(pay(traveler, payment, "pm_card_declined", UUID.randomUUID().toString()).status()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			var seen = api.get("/api/v1/join-requests/" + request, traveler.accessToken());
			assertThat(seen.string("$.status")).isEqualTo("LAPSED");
			assertThat(seen.string("$.purchase.state")).isEqualTo("LAPSED");
		});
		assertThat(api.get("/api/v1/payments/" + payment, traveler.accessToken()).string("$.failure"))
				.isEqualTo("card_declined");
		assertThat(api.get("/api/v1/join-requests/" + waitlisted, waiting.accessToken()).string("$.status"))
				.isEqualTo("OFFERED");
		assertThat(balance("payer:" + traveler.id())).isZero();
		// paying again is refused: the payment is closed
		var again = pay(traveler, payment, "pm_card_ok", UUID.randomUUID().toString());
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.string("$.type")).endsWith("/payment-closed");
	}

	@Test
	void anExpiredHoldFreesTheSeatAndALatePaymentIsVoidedNotCharged() {
		var seat = heldSeat("Expiry");
		var traveler = seat.traveler();
		var trip = seat.trip();
		var request = seat.request();
		var payment = seat.payment();
		// the provider's result will come late; meanwhile the hold runs out
		sandbox.mode("webhook-delayed", 1500, webhooks());
		assertThat(pay(traveler, payment, "pm_card_ok", UUID.randomUUID().toString()).status()).isEqualTo(202);
		jdbc.sql("update booking.seat_purchases set pay_by = pay_by - interval '1' hour where request_id = ?")
				.param(UUID.fromString(request)).update();
		saga.expireHolds();
		assertThat(api.get("/api/v1/join-requests/" + request, traveler.accessToken()).string("$.status"))
				.isEqualTo("LAPSED");
		assertThat(api.get("/api/v1/trips/" + trip + "/seats", null).<Integer>at("$.available")).isEqualTo(1);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get("/api/v1/payments/" + payment,
				traveler.accessToken()).string("$.status")).isEqualTo("CANCELLED"));
		assertThat(sandbox.intents(request).get(0).path("status").asString()).isEqualTo("cancelled");
		assertThat(balance("payer:" + traveler.id())).isZero();
		assertThat(api.get("/api/v1/join-requests/" + request, traveler.accessToken()).string("$.purchase.state"))
				.isEqualTo("LAPSED");
	}

	@Test
	void payingRequiresAnIdempotencyKeyAndAPaymentOfOnesOwn() {
		var seat = heldSeat("Key");
		var organizer = seat.organizer();
		var traveler = seat.traveler();
		var request = seat.request();
		var payment = seat.payment();

		var keyless = api.post("/api/v1/payments/" + payment + "/confirmation", Map.of("paymentMethod", "pm_card_ok"),
				traveler.accessToken());
		assertThat(keyless.status()).isEqualTo(400);
		assertThat(keyless.string("$.type")).endsWith("/idempotency-key-required");
		assertThat(pay(organizer, payment, "pm_card_ok", UUID.randomUUID().toString()).status()).isEqualTo(403);
		assertThat(pay(api.register("Stranger"), payment, "pm_card_ok", UUID.randomUUID().toString()).status())
				.isEqualTo(404);
		var badMethod = pay(traveler, payment, "not a token!", UUID.randomUUID().toString());
		assertThat(badMethod.status()).isEqualTo(400);
		assertThat(badMethod.string("$.errors[0].field")).isEqualTo("paymentMethod");
		assertThat(sandbox.intents(request)).isEmpty();
	}

	/** A trip with one seat, held for a traveler whose payment is open. */
	private record Seat(Api.Person organizer, Api.Person traveler, String trip, String request, String payment) {}

	private Seat heldSeat(String name) {
		var organizer = api.register(name + " Organizer");
		var traveler = api.register(name + " Traveler");
		var trip = publishedTrip(organizer, 1);
		var request = ask(trip, traveler);
		var payment = api.post("/api/v1/join-requests/" + request + "/acceptance", Map.of(), organizer.accessToken())
				.string("$.purchase.paymentId");
		awaitOpen(traveler, payment);
		return new Seat(organizer, traveler, trip, request, payment);
	}

	private void awaitOpen(Api.Person payer, String payment) {
		await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/payments/" + payment,
				payer.accessToken()).status() == 200);
	}

	private Api.Response pay(Api.Person payer, String payment, String method, String key) {
		return api.perform(Api.request(HttpMethod.POST, "/api/v1/payments/" + payment + "/confirmation",
				payer.accessToken()).header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
				.content(api.write(Map.of("paymentMethod", method))));
	}

	private String publishedTrip(Api.Person organizer, int seats) {
		var id = api.post("/api/v1/trips", TripBodies.with("seats", seats), organizer.accessToken()).string("$.id");
		assertThat(api.post("/api/v1/trips/" + id + "/publication", Map.of(), organizer.accessToken()).status())
				.isEqualTo(200);
		return id;
	}

	private String ask(String trip, Api.Person traveler) {
		return api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), traveler.accessToken()).string("$.id");
	}

	private long balance(String account) {
		return jdbc.sql("select coalesce(sum(amount_minor), 0) from payment.postings where account = ?")
				.param(account).query(Long.class).single();
	}

	private String webhooks() {
		return "http://127.0.0.1:" + port + "/api/v1/payment-provider/events";
	}
}
