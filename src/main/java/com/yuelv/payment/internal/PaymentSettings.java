package com.yuelv.payment.internal;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code yuelv.payment.*}.
 *
 * @param providerUrl the payment provider's API (the sandbox's, {@code tools/payment-sandbox}, in local runs and
 *     tests)
 * @param apiKey the secret key the provider gave this platform
 * @param webhookSecret the secret the provider signs its webhooks with
 * @param webhookTolerance how far a webhook's signed time may lie from now; an older one is refused as a replay
 * @param connectTimeout how long a call to the provider may take to connect
 * @param readTimeout how long a call to the provider may wait for its answer; a call that times out may have
 *     happened, and is made again with the same idempotency key
 * @param reconcileAfter how long a payment may wait for its result before the provider is asked about it
 * @param reconcileInterval how often payments waiting for a result, provider calls left unanswered, refunds and
 *     payouts are looked after
 * @param platformFee the platform's fee in basis points (500 is 5 %) of what a payee is paid, rounded half to even
 * @param settleInterval how often the money of trips that started is released from escrow and paid out
 */
@ConfigurationProperties("yuelv.payment")
record PaymentSettings(
		@DefaultValue("http://localhost:8099") URI providerUrl,
		@DefaultValue("sk_test_yuelv") String apiKey,
		@DefaultValue("whsec_yuelv_sandbox") String webhookSecret,
		@DefaultValue("5m") Duration webhookTolerance,
		@DefaultValue("1s") Duration connectTimeout,
		@DefaultValue("3s") Duration readTimeout,
		@DefaultValue("1m") Duration reconcileAfter,
		@DefaultValue("30s") Duration reconcileInterval,
		@DefaultValue("500") int platformFee,
		@DefaultValue("1h") Duration settleInterval) {

	PaymentSettings {
		if (platformFee < 0 || platformFee > 10_000) {
			throw new IllegalArgumentException("yuelv.payment.platform-fee is in basis points, 0 to 10000, not "
					+ platformFee);
		}
		if (webhookSecret.isBlank() || apiKey.isBlank()) {
			throw new IllegalArgumentException("yuelv.payment.api-key and webhook-secret must be set");
		}
	}
}
