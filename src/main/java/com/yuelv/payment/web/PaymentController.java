package com.yuelv.payment.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.payment.PaymentId;
import com.yuelv.payment.internal.PaymentStatus;
import com.yuelv.payment.internal.Payments;
import com.yuelv.payment.internal.Refund;
import com.yuelv.payment.internal.Webhooks;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.IdempotencyKeyRequired;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Paying over HTTP: the payer sees a payment and pays it; the payee sees it too. The provider's webhooks come in here
 * as well, believed only when signed.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Payments")
class PaymentController {

	private final Payments payments;
	private final Webhooks webhooks;

	PaymentController(Payments payments, Webhooks webhooks) {
		this.payments = payments;
		this.webhooks = webhooks;
	}

	record Pay(@Nullable String paymentMethod) {}

	record MoneyView(java.math.BigDecimal amount, String currency) {
		static MoneyView of(Money money) {
			return new MoneyView(money.amount(), money.currency().getCurrencyCode());
		}
	}

	record RefundView(UUID id, int percent, String reason, String status, @Nullable MoneyView amount,
			Instant requestedAt) {}

	record PaymentView(UUID id, String reference, UUID payerId, UUID payeeId, String description, PaymentStatus status,
			MoneyView amount, MoneyView captured, MoneyView refunded, Instant payBy, LocalDate releaseOn,
			boolean released, @Nullable String failure, List<RefundView> refunds) {

		static PaymentView of(Payments.PaymentView view) {
			var payment = view.payment();
			return new PaymentView(payment.paymentId().value(), payment.reference(), payment.payer().value(),
					payment.payee().value(), payment.description(), payment.status(), MoneyView.of(payment.amount()),
					MoneyView.of(payment.captured()), MoneyView.of(payment.refunded()), payment.payBy(),
					payment.releaseOn(), payment.isSettled(), payment.failure(), view.refunds().stream()
							.map(refund -> new RefundView(refund.id(), refund.percent(), refund.reason(),
									refund.state(), refund.amount() == null ? null
											: MoneyView.of(Money.ofMinor(refund.amount(), payment.currency())),
									refund.requestedAt()))
							.toList());
		}
	}

	@GetMapping("/payments/{id}")
	@Operation(summary = "A payment, with its refunds", description = "For its payer and payee.")
	PaymentView find(@CurrentUser UserId user, @PathVariable UUID id) {
		return PaymentView.of(payments.find(user, new PaymentId(id)));
	}

	@PostMapping("/payments/{id}/confirmation")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@IdempotencyKeyRequired
	@Operation(summary = "Pay (payer)", description = "Sends the payment with the provider's token of a payment "
			+ "method to the provider, whose result arrives later: the answer is usually PROCESSING, then AUTHORISED "
			+ "or FAILED. Requires an Idempotency-Key. Paying again once sent changes nothing.")
	PaymentView pay(@CurrentUser UserId user, @PathVariable UUID id, @RequestBody(required = false) @Nullable Pay pay) {
		return PaymentView.of(payments.pay(user, new PaymentId(id), pay == null ? null : pay.paymentMethod()));
	}

	@PostMapping("/payment-provider/events")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@SecurityRequirements
	@Operation(summary = "The payment provider's webhooks", description = "Signed by the provider: "
			+ "Sandbox-Signature: t=<seconds>,v1=<HMAC-SHA256 of t.body>; an unsigned, wrongly signed or old one is a "
			+ "401.")
	void webhook(@RequestHeader(name = Webhooks.SIGNATURE, required = false) @Nullable String signature,
			@RequestBody byte[] body) {
		webhooks.receive(signature, body);
	}
}
