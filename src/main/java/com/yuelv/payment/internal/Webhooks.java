package com.yuelv.payment.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.yuelv.payment.PaymentId;
import com.yuelv.shared.Rejection;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider's webhooks. A webhook is believed only with a valid signature: HMAC-SHA256 under the shared secret over
 * the signed time, a period and the raw body, as {@code Sandbox-Signature: t=<seconds>,v1=<hex>}, with the time within
 * {@link PaymentSettings#webhookTolerance()} of now (an older one is a replay). Each event is taken once by its id;
 * what it says about a payment is recorded like any other result of the provider, which only moves a payment forward,
 * so a late, repeated or reordered event changes nothing. An event is noted as taken in after it took effect.
 */
@Service
public class Webhooks {

	public static final String SIGNATURE = "Sandbox-Signature";
	private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

	private final PaymentSettings settings;
	private final JsonMapper json;
	private final JdbcClient jdbc;
	private final PaymentIntents intents;
	private final Payments payments;
	private final Clock clock;

	Webhooks(PaymentSettings settings, JsonMapper json, JdbcClient jdbc, PaymentIntents intents, Payments payments,
			Clock clock) {
		this.settings = settings;
		this.json = json;
		this.jdbc = jdbc;
		this.intents = intents;
		this.payments = payments;
		this.clock = clock;
	}

	/**
	 * Takes in one webhook.
	 *
	 * @throws Rejection 401 when the signature is missing, wrong or too old; 400 when the body is not an event
	 */
	public void receive(@Nullable String signature, byte[] body) {
		verify(signature, body, clock.instant());
		JsonNode event;
		try {
			event = json.readTree(body);
		}
		catch (RuntimeException e) {
			throw Rejection.invalid("body", "event", "must be a provider event in JSON");
		}
		var id = event.path("id").asString("");
		var type = event.path("type").asString("");
		var object = event.path("data").path("object");
		if (id.isEmpty() || type.isEmpty() || !object.isObject()) {
			throw Rejection.invalid("body", "event", "must be a provider event with an id, a type and data.object");
		}
		if (seen(id)) {
			LOG.debug("Webhook {} ({}) was taken in before", id, type);
			return;
		}
		if (type.startsWith("intent.")) {
			var providerId = object.path("id").asString("");
			var payment = intents.idOfProvider(providerId).orElseThrow(() -> Rejection.unavailable(
					"payment-unknown-yet", "The payment of provider intent " + providerId + " is not known here yet (its "
							+ "creation is still being answered); send the event again later.",
					java.time.Duration.ofSeconds(1)));
			payments.record(new PaymentId(payment), SandboxProvider.intent(object));
		}
		// noted once it took effect: a process that dies before is sent the event again, and what an event says is
		// recorded the same however often it comes
		note(id, type);
	}

	/** Checks the signature: the secret's HMAC of the signed time and the raw body, within the tolerance. */
	void verify(@Nullable String header, byte[] body, Instant now) {
		if (header == null) {
			throw unsigned("The webhook carries no " + SIGNATURE + " header.");
		}
		String time = null;
		String given = null;
		for (var part : header.split(",")) {
			var pair = part.strip().split("=", 2);
			if (pair.length == 2 && pair[0].equals("t")) {
				time = pair[1];
			}
			else if (pair.length == 2 && pair[0].equals("v1")) {
				given = pair[1];
			}
		}
		if (time == null || given == null || !time.matches("\\d{1,12}")) {
			throw unsigned("The " + SIGNATURE + " header must be t=<seconds>,v1=<signature>.");
		}
		var signedAt = Instant.ofEpochSecond(Long.parseLong(time));
		if (signedAt.isBefore(now.minus(settings.webhookTolerance()))
				|| signedAt.isAfter(now.plus(settings.webhookTolerance()))) {
			throw unsigned("The webhook was signed at " + signedAt + ", outside the " + settings.webhookTolerance()
					+ " this API accepts; a replayed webhook is refused.");
		}
		var expected = HexFormat.of().formatHex(sign(time, body));
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				given.getBytes(StandardCharsets.US_ASCII))) {
			throw unsigned("The webhook's signature does not match its body.");
		}
	}

	byte[] sign(String time, byte[] body) {
		try {
			var mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(settings.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((time + ".").getBytes(StandardCharsets.US_ASCII));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException("HMAC-SHA256 is part of every Java platform", e);
		}
	}

	private boolean seen(String eventId) {
		return jdbc.sql("select count(*) from payment.provider_events where event_id = ?").param(shortened(eventId))
				.query(Long.class).single() > 0;
	}

	private void note(String eventId, String type) {
		try {
			jdbc.sql("insert into payment.provider_events (event_id, event_type, received_at) values (?, ?, ?)")
					.params(shortened(eventId), type.length() > 100 ? type.substring(0, 100) : type,
							OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
					.update();
		}
		catch (DuplicateKeyException concurrently) {
			LOG.debug("Webhook {} was taken in concurrently", eventId);
		}
	}

	private static String shortened(String eventId) {
		return eventId.length() > 100 ? eventId.substring(0, 100) : eventId;
	}

	private static Rejection unsigned(String detail) {
		return new Rejection(Rejection.Kind.UNAUTHENTICATED, "invalid-webhook-signature", detail, java.util.List.of());
	}
}
