package com.yuelv.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.PaymentSandbox;
import com.yuelv.payment.PaymentApi;
import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

/**
 * From the release date on, what was kept of a payment leaves the escrow: the payee's share, less the platform's fee
 * rounded half to even, is paid out once through the provider; a refund is no longer possible. In yen, whose minor
 * unit is the yen itself.
 */
@EmbeddedModeTest
class SettlementIntegrationTests extends ApiTestSupport {

	@LocalServerPort int port;
	@Autowired PaymentApi payments;
	@Autowired Settlements settlements;
	@Autowired Ledger ledger;

	@Test
	void aCapturedPaymentIsReleasedToThePayeeLessTheFeeAndPaidOutOnce() {
		var sandbox = PaymentSandbox.get();
		sandbox.mode("normal", 2000, "http://127.0.0.1:" + port + "/api/v1/payment-provider/events");
		var payer = api.register("Settling Payer");
		var payee = UserId.random();
		var id = new PaymentId(UUID.randomUUID());
		var reference = "settlement-" + id;
		payments.open(new PaymentRequest(id, reference, new UserId(payer.id()), payee,
				new Money(new BigDecimal("98765"), Currency.getInstance("JPY")), "trip:settled-" + id,
				LocalDate.now(ZoneOffset.UTC).minusDays(1), Instant.now().plusSeconds(600), "A seat"));
		assertThat(api.perform(Api.request(HttpMethod.POST, "/api/v1/payments/" + id + "/confirmation",
				payer.accessToken()).header("Idempotency-Key", UUID.randomUUID().toString())
				.contentType(MediaType.APPLICATION_JSON).content(api.write(Map.of("paymentMethod", "pm_card_ok"))))
				.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20)).until(() -> "AUTHORISED".equals(status(payer, id)));
		payments.capture(id);
		assertThat(status(payer, id)).isEqualTo("CAPTURED");

		settlements.run();
		settlements.run();

		// 5 % of 98,765 yen is 4,938.25: 4,938 to the fees, 93,827 to the organizer
		assertThat(ledger.balance(Accounts.escrow("trip:settled-" + id), "JPY")).isZero();
		assertThat(ledger.balance(Accounts.FEES, "JPY")).isGreaterThanOrEqualTo(4_938);
		assertThat(ledger.balance(Accounts.payable(payee), "JPY")).isZero();
		assertThat(ledger.balance(Accounts.paidOut(payee), "JPY")).isEqualTo(93_827);
		assertThat(ledger.balance(Accounts.payer(new UserId(payer.id())), "JPY")).isEqualTo(-98_765);
		assertThat(ledger.findByPaymentIdOrderByBookedAt(id.value())).extracting(LedgerTransaction::kind)
				.containsExactly(LedgerTransaction.Kind.CAPTURE, LedgerTransaction.Kind.SETTLEMENT);
		assertThat(sandbox.get("/v1/payouts").path("data").valueStream()
				.filter(payout -> payout.path("destination").asString().equals("organizer:" + payee.value())))
				.singleElement().satisfies(payout -> assertThat(payout.path("amount").asLong()).isEqualTo(93_827));

		// the money left the escrow: a refund asked now gives nothing back
		payments.refund(id, UUID.randomUUID(), 100, "too late");
		assertThat(api.get("/api/v1/payments/" + id, payer.accessToken()).string("$.refunds[0].status"))
				.isEqualTo("REFUSED");
		assertThat(ledger.balance(Accounts.payer(new UserId(payer.id())), "JPY")).isEqualTo(-98_765);
	}

	private String status(Api.Person payer, PaymentId id) {
		return api.get("/api/v1/payments/" + id, payer.accessToken()).string("$.status");
	}
}
