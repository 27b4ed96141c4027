package com.yuelv.payment.internal;

import java.net.http.HttpClient;
import java.util.Currency;
import java.util.Locale;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provider's API as the sandbox ({@code tools/payment-sandbox}) speaks it, in the shape of the common card
 * providers' APIs: form-encoded requests with a bearer secret key and an {@code Idempotency-Key} on every call that
 * changes something, JSON answers. A timeout or a 5xx is {@link PaymentProvider.Unavailable} (the call may have
 * happened); a 4xx is {@link PaymentProvider.Refused}.
 */
class SandboxProvider implements PaymentProvider {

	private final RestClient http;
	private final JsonMapper json;

	SandboxProvider(PaymentSettings settings, JsonMapper json) {
		var client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
				.version(HttpClient.Version.HTTP_1_1).build();
		var requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(settings.readTimeout());
		this.http = RestClient.builder().baseUrl(settings.providerUrl()).requestFactory(requests)
				.defaultHeader("Authorization", "Bearer " + settings.apiKey()).build();
		this.json = json;
	}

	@Override
	public Intent create(String idempotencyKey, long amount, Currency currency, String reference,
			String paymentMethod) {
		var form = new LinkedMultiValueMap<String, String>();
		form.add("amount", Long.toString(amount));
		form.add("currency", currency.getCurrencyCode().toLowerCase(Locale.ROOT));
		form.add("reference", reference);
		form.add("payment_method", paymentMethod);
		return intent(post("/v1/intents", idempotencyKey, form));
	}

	@Override
	public Intent find(String providerId) {
		return intent(call(() -> http.get().uri("/v1/intents/{id}", providerId).retrieve().body(String.class)));
	}

	@Override
	public Intent capture(String providerId, String idempotencyKey) {
		return intent(post("/v1/intents/" + providerId + "/capture", idempotencyKey, new LinkedMultiValueMap<>()));
	}

	@Override
	public Intent cancel(String providerId, String idempotencyKey) {
		return intent(post("/v1/intents/" + providerId + "/cancel", idempotencyKey, new LinkedMultiValueMap<>()));
	}

	@Override
	public String refund(String providerId, String idempotencyKey, long amount) {
		var form = new LinkedMultiValueMap<String, String>();
		form.add("intent", providerId);
		form.add("amount", Long.toString(amount));
		return post("/v1/refunds", idempotencyKey, form).path("id").asString();
	}

	@Override
	public String payout(String idempotencyKey, String destination, long amount, Currency currency) {
		var form = new LinkedMultiValueMap<String, String>();
		form.add("amount", Long.toString(amount));
		form.add("currency", currency.getCurrencyCode().toLowerCase(Locale.ROOT));
		form.add("destination", destination);
		return post("/v1/payouts", idempotencyKey, form).path("id").asString();
	}

	/** A provider object in a webhook or an answer, as an intent. */
	static Intent intent(JsonNode object) {
		var status = switch (object.path("status").asString("")) {
			case "processing" -> ProviderStatus.PROCESSING;
			case "requires_action" -> ProviderStatus.REQUIRES_ACTION;
			case "authorised" -> ProviderStatus.AUTHORISED;
			case "failed" -> ProviderStatus.FAILED;
			case "captured" -> ProviderStatus.CAPTURED;
			case "cancelled" -> ProviderStatus.CANCELLED;
			default -> throw new Refused("The provider answered an intent in an unknown status: "
					+ object.path("status").asString(""));
		};
		var failure = object.path("failure_code");
		return new Intent(object.path("id").asString(), status, object.path("amount_captured").asLong(0),
				failure.isNull() || failure.isMissingNode() ? null : failure.asString());
	}

	private JsonNode post(String path, String idempotencyKey, MultiValueMap<String, String> form) {
		return call(() -> http.post().uri(path).header("Idempotency-Key", idempotencyKey)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve().body(String.class));
	}

	private JsonNode call(java.util.function.Supplier<String> request) {
		try {
			return json.readTree(request.get());
		}
		catch (HttpClientErrorException e) {
			if (e.getStatusCode().value() == 409 && e.getResponseBodyAsString().contains("idempotency_conflict")) {
				throw new Unavailable("The provider still works on the first call with this key", e);
			}
			throw new Refused("The provider refused the call (" + e.getStatusCode().value() + "): "
					+ e.getResponseBodyAsString());
		}
		catch (ResourceAccessException e) {
			throw new Unavailable("The provider did not answer: " + e.getMessage(), e);
		}
		catch (RestClientException e) {
			throw new Unavailable("The provider failed: " + e.getMessage(), e);
		}
	}
}
