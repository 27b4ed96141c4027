package com.yuelv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox payment provider ({@code tools/payment-sandbox/PaymentSandbox.java}) as a separate process for the tests:
 * one per test run, on the port {@code application-test.yaml} names, with the API key and webhook secret the
 * application's defaults name. Its failure modes are switched over its control API.
 */
public final class PaymentSandbox {

	public static final int PORT = 18099;
	public static final String API_KEY = "sk_test_yuelv";
	public static final String SECRET = "whsec_yuelv_sandbox";

	private static PaymentSandbox running;

	private final @Nullable Process process;
	private final URI base;
	private final HttpClient http = HttpClient.newHttpClient();
	private final JsonMapper json = JsonMapper.builder().build();

	private PaymentSandbox(@Nullable Process process, URI base) {
		this.process = process;
		this.base = base;
	}

	/** The test run's sandbox, started on first use and stopped when the run ends. */
	public static synchronized PaymentSandbox get() {
		if (running == null || running.process == null || !running.process.isAlive()) {
			running = start(PORT);
			Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
		}
		return running;
	}

	/** Starts a sandbox of one's own (a split run's, say) on the given port (0 for any). */
	public static PaymentSandbox start(int port) {
		try {
			var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			var process = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
					Path.of("tools", "payment-sandbox", "PaymentSandbox.java").toString(), "--port",
					Integer.toString(port), "--api-key", API_KEY, "--secret", SECRET)
					.redirectError(ProcessBuilder.Redirect.DISCARD).start();
			var ready = CompletableFuture.supplyAsync(() -> {
				try {
					var line = new BufferedReader(new InputStreamReader(process.getInputStream(),
							StandardCharsets.UTF_8)).readLine();
					return line == null ? "" : line;
				}
				catch (IOException e) {
					return "";
				}
			});
			var line = ready.get(60, TimeUnit.SECONDS);
			if (!line.startsWith("payment sandbox listening on ")) {
				process.destroyForcibly();
				throw new IllegalStateException("The payment sandbox did not start (exit " + (process.isAlive() ? "-"
						: process.exitValue()) + "): " + line);
			}
			return new PaymentSandbox(process, URI.create(line.substring("payment sandbox listening on ".length())
					.strip()));
		}
		catch (Exception e) {
			throw new IllegalStateException("Could not start the payment sandbox", e);
		}
	}

	/** A sandbox another process started (the local split run's), for its records. */
	public static PaymentSandbox attach(URI base) {
		return new PaymentSandbox(null, base);
	}

	public URI url() {
		return base;
	}

	/** Switches the failure mode; webhooks go to the given URL. */
	public void mode(String mode, long delayMs, String webhookUrl) {
		var form = new LinkedHashMap<String, String>();
		form.put("mode", mode);
		form.put("delay_ms", Long.toString(delayMs));
		form.put("webhook_url", webhookUrl);
		post("/sandbox/mode", form);
	}

	/** Every intent the provider holds with the reference. */
	public JsonNode intents(String reference) {
		return get("/v1/intents?reference=" + URLEncoder.encode(reference, StandardCharsets.UTF_8)).path("data");
	}

	public JsonNode refunds(String providerIntent) {
		return get("/v1/refunds?intent=" + URLEncoder.encode(providerIntent, StandardCharsets.UTF_8)).path("data");
	}

	public JsonNode get(String path) {
		return send(HttpRequest.newBuilder(base.resolve(path)).GET());
	}

	public JsonNode post(String path, Map<String, String> form) {
		var body = form.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
				+ "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(base.resolve(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private JsonNode send(HttpRequest.Builder request) {
		try {
			var response = http.send(request.header("Authorization", "Bearer " + API_KEY)
					.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException("The sandbox answered " + response.statusCode() + ": "
						+ response.body());
			}
			return json.readTree(response.body());
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public void stop() {
		if (process == null) {
			return;
		}
		process.destroy();
		try {
			process.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		process.destroyForcibly();
	}
}
