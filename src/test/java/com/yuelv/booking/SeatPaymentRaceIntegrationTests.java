package com.yuelv.booking;

import static com.yuelv.Races.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.PaymentSandbox;
import com.yuelv.PostgresDatabases;
import com.yuelv.trip.TripBodies;

/**
 * Fifty travelers race for a trip's last three seats on PostgreSQL, through to payment: of fifty concurrent
 * acceptances three hold a seat; then every traveler tries to pay at once, the three holders each with five clicks
 * under different idempotency keys, the others for a held seat not theirs. Exactly three seats are confirmed, each
 * charged once at the provider, and no one else is charged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.hikari.maximum-pool-size=30")
@AutoConfigureMockMvc
@ActiveProfiles({ "test", "postgres" })
@TestPropertySource(properties = "YUELV_API_DOCS=true")
class SeatPaymentRaceIntegrationTests extends ApiTestSupport {

	static final int TRAVELERS = 50;

	@LocalServerPort int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		var url = PostgresDatabases.recreate("yuelv_it_seat_payment_race");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> PostgresDatabases.USER);
	}

	@Test
	void fiftyTravelersPayingForTheLastThreeSeatsConfirmExactlyThreeChargedOnce() throws Exception {
		var sandbox = PaymentSandbox.get();
		sandbox.mode("normal", 2000, "http://127.0.0.1:" + port + "/api/v1/payment-provider/events");
		var organizer = api.register("Race Organizer");
		var trip = api.post("/api/v1/trips", TripBodies.with("seats", 3), organizer.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + trip + "/publication", Map.of(), organizer.accessToken());
		var travelers = new ArrayList<Api.Person>();
		var requests = new ArrayList<String>();
		for (var i = 0; i < TRAVELERS; i++) {
			var traveler = api.register("Racer " + i);
			travelers.add(traveler);
			requests.add(api.post("/api/v1/trips/" + trip + "/join-requests", Map.of(), traveler.accessToken())
					.string("$.id"));
		}

		var accepted = race(requests.stream().map(request -> (Callable<Api.Response>) () -> api.post(
				"/api/v1/join-requests/" + request + "/acceptance", Map.of(), organizer.accessToken())).toList());
		var held = new ArrayList<Integer>();
		for (var i = 0; i < TRAVELERS; i++) {
			if (accepted.get(i).status() == 200) {
				assertThat(accepted.get(i).string("$.status")).isEqualTo("HELD");
				held.add(i);
			}
			else {
				assertThat(accepted.get(i).status()).isEqualTo(409);
			}
		}
		assertThat(held).hasSize(3);
		var payments = held.stream().map(i -> accepted.get(i).string("$.purchase.paymentId")).toList();
		for (var i = 0; i < 3; i++) {
			var payment = payments.get(i);
			var payer = travelers.get(held.get(i));
			await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/payments/" + payment,
					payer.accessToken()).status() == 200);
		}

		var attempts = new ArrayList<Callable<Integer>>();
		for (var i = 0; i < TRAVELERS; i++) {
			var traveler = travelers.get(i);
			var own = held.indexOf(i);
			var clicks = own >= 0 ? 5 : 1;
			var payment = own >= 0 ? payments.get(own) : payments.get(i % 3);
			for (var click = 0; click < clicks; click++) {
				attempts.add(() -> pay(traveler, payment).status());
			}
		}
		var answers = race(attempts);
		assertThat(answers).filteredOn(status -> status == 202).hasSize(15);
		assertThat(answers).filteredOn(status -> status == 404).hasSize(TRAVELERS - 3);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
				"select count(*) from booking.seat_purchases where trip_id = ? and state = 'CONFIRMED'")
				.param(UUID.fromString(trip)).query(Long.class).single()).isEqualTo(3));
		assertThat(jdbc.sql("select taken from booking.rosters where trip_id = ?").param(UUID.fromString(trip))
				.query(Integer.class).single()).isEqualTo(3);
		for (var i = 0; i < 3; i++) {
			var atProvider = sandbox.intents(requests.get(held.get(i)));
			assertThat(atProvider).as("intents of a held seat at the provider").hasSize(1);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sandbox.intents(requests.get(
					held.get(0))).get(0).path("status").asString()).isEqualTo("captured"));
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
				"select coalesce(sum(amount_minor), 0) from payment.postings where account = ?")
				.param("escrow:trip:" + trip).query(Long.class).single()).isEqualTo(3 * 680_000L));
		for (var i = 0; i < TRAVELERS; i++) {
			if (!held.contains(i)) {
				assertThat(sandbox.intents(requests.get(i))).isEmpty();
			}
		}
		assertThat(jdbc.sql("select count(*) from payment.ledger_transactions where kind = 'CAPTURE' and payment_id in "
				+ "(select payment_id from booking.seat_purchases where trip_id = ?)").param(UUID.fromString(trip))
				.query(Long.class).single()).isEqualTo(3);
	}

	private Api.Response pay(Api.Person payer, String payment) {
		return api.perform(Api.request(HttpMethod.POST, "/api/v1/payments/" + payment + "/confirmation",
				payer.accessToken()).header("Idempotency-Key", UUID.randomUUID().toString())
				.contentType(MediaType.APPLICATION_JSON).content(api.write(Map.of("paymentMethod", "pm_card_ok"))));
	}
}
