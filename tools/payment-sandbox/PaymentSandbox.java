import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A sandbox payment provider: a stand-alone HTTP server that behaves like a real card payment provider (its API is
 * shaped after Stripe's) and whose failure modes can be switched while it runs. Tests and local runs start it as a
 * separate process and point the application's payment client and webhook endpoint at it. It keeps everything in
 * memory and needs nothing but a JDK (21 or later).
 *
 * <h2>Running</h2>
 * <pre>{@code
 * java tools/payment-sandbox/PaymentSandbox.java --api-key sk_test --secret whsec_test [--port 8099]
 *     [--webhook-url http://localhost:8080/api/v1/payment-provider/events] [--mode normal] [--delay-ms 2000]
 *     [--verbose]
 * }</pre>
 * It listens on 127.0.0.1 only ({@code --port 0} picks a free port) and, once it accepts connections, prints the
 * single line {@code payment sandbox listening on http://127.0.0.1:<port>} to standard output so that a launcher can
 * wait for it. Nothing else goes to standard output; {@code --verbose} logs requests and webhook deliveries to
 * standard error. It stops cleanly on SIGTERM.
 *
 * <h2>Protocol</h2>
 * Every request under {@code /v1} and {@code /sandbox} carries {@code Authorization: Bearer <api key>}, otherwise it
 * is answered 401. POST bodies are {@code application/x-www-form-urlencoded}; a missing, invalid, repeated or unknown
 * parameter is answered 400 with a message naming it. Answers are {@code application/json; charset=utf-8}; amounts
 * are integers in minor units, times are Unix seconds, currencies three lowercase letters. An error answer is
 * {@code {"error":{"type":"...","message":"..."}}} where the type is {@code invalid_request} or
 * {@code idempotency_error} (400), {@code authentication_error} (401), {@code not_found} (404),
 * {@code method_not_allowed} (405), {@code conflict} or {@code idempotency_conflict} (409), or {@code api_error}
 * (500).
 *
 * <h2>API</h2>
 * <pre>{@code
 * POST /v1/intents               amount, currency, reference (1..200 chars), payment_method -> intent (processing)
 * GET  /v1/intents[?reference=]  {"object":"list","data":[intent...]}, oldest first
 * GET  /v1/intents/{id}          intent
 * POST /v1/intents/{id}/capture  [amount, at most the intent's; default all]: authorised -> captured, else 409
 * POST /v1/intents/{id}/cancel   processing or authorised -> cancelled; cancelled stays (200); else 409
 * POST /v1/refunds               intent, amount (at most captured minus refunded, else 400) -> refund (succeeded)
 * GET  /v1/refunds[?intent=]     list of refunds          GET /v1/refunds/{id}  refund
 * POST /v1/payouts               amount, currency, destination -> payout (paid)
 * GET  /v1/payouts               list of payouts          GET /v1/payouts/{id}  payout
 * GET  /sandbox/mode             {"mode":"normal","delay_ms":2000,"webhook_url":"..." or null}
 * POST /sandbox/mode             mode, [delay_ms], [webhook_url, empty for none] -> the new settings
 * GET  /sandbox/events[?type=][&object_id=]  list of {"id","type","created","object_id","deliveries","delivered"}
 * }</pre>
 * An omitted {@code delay_ms} falls back to the launch value ({@code --delay-ms}, 2000 unless given); an omitted
 * {@code webhook_url} keeps the current one.
 *
 * <h2>Objects</h2>
 * <pre>{@code
 * {"id":"pi_<24 hex>","object":"intent","amount":1999,"currency":"cny","reference":"...","payment_method":"...",
 *  "status":"processing|authorised|failed|captured|cancelled","amount_captured":0,"amount_refunded":0,
 *  "failure_code":null|"card_declined","created":1700000000,"sequence":1}
 * {"id":"re_...","object":"refund","intent":"pi_...","amount":500,"currency":"cny","status":"succeeded","created":...}
 * {"id":"po_...","object":"payout","amount":500,"currency":"cny","destination":"...","status":"paid","created":...}
 * }</pre>
 * A new intent is {@code processing}; about 20 ms later it is decided: {@code failed} with failure code
 * {@code card_declined} for the payment method {@code pm_card_declined} or in mode {@code decline}, otherwise
 * {@code authorised}. An intent cancelled while processing is never authorised afterwards. {@code sequence} counts
 * the changes of an intent (1 at creation), refunds included.
 *
 * <h2>Idempotency</h2>
 * Every POST under {@code /v1} may carry {@code Idempotency-Key} (1..255 characters). The first answer (status and
 * body) is stored with the request's method, path and sorted parameters for 24 hours. A retry of the same request
 * with that key gets the stored answer with the header {@code Idempotent-Replayed: true} and repeats no effect; the
 * key with another request is answered 400 {@code idempotency_error}; a retry while the first request is still being
 * processed is answered 409 {@code idempotency_conflict}. A request that failed with an internal error stores
 * nothing, so it can be retried.
 *
 * <h2>Webhooks</h2>
 * Every change emits an event of type {@code intent.processing}, {@code intent.authorised}, {@code intent.failed},
 * {@code intent.captured}, {@code intent.cancelled}, {@code refund.succeeded} or {@code payout.paid}:
 * <pre>{@code
 * {"id":"evt_<24 hex>","object":"event","type":"intent.authorised","created":1700000000,"data":{"object":{...}}}
 * }</pre>
 * holding the object as it was at the change. Events are always recorded (see {@code GET /sandbox/events}) and, when
 * a webhook URL is configured, POSTed to it with {@code Content-Type: application/json} and
 * {@code Sandbox-Signature: t=<unix seconds>,v1=<hex>}, where the hex is the lowercase HMAC-SHA256, keyed with the
 * secret, of {@code t + "." + body}; each attempt is signed afresh. A receiver checks the HMAC and that {@code t} is
 * recent. Any 2xx answer delivers the event; anything else (another status, a connection failure, no answer within
 * 5 s) is retried after 0.5 s, 1 s, 2 s, 4 s and so on, capped at 30 s, for at most 12 attempts. Deliveries run
 * in the background and independently of one another, so events can arrive out of order, as with real providers.
 *
 * <h2>Modes</h2>
 * Switched with {@code POST /sandbox/mode}; a mode applies to what happens after the switch (an intent's decision
 * follows the mode at its creation, an event's delivery the mode at its emission).
 * <ul>
 * <li>{@code normal}: as described above.</li>
 * <li>{@code decline}: every new intent is decided {@code failed} ({@code card_declined}).</li>
 * <li>{@code timeout}: every POST under {@code /v1} takes effect and stores its idempotent answer at once, but the
 * answer is sent only after {@code delay_ms}, so a client with a shorter timeout gives up; its retry with the same
 * {@code Idempotency-Key} is replayed at once.</li>
 * <li>{@code webhook-delayed}: every event is delivered {@code delay_ms} late.</li>
 * <li>{@code webhook-duplicated}: every event is delivered twice (same event id, each signed), the second about
 * 50 ms after the first.</li>
 * <li>{@code webhook-reordered}: {@code intent.processing} and {@code intent.authorised} events are delivered
 * {@code delay_ms} late, so the events that follow them arrive first.</li>
 * <li>{@code webhook-never}: events are recorded but never delivered.</li>
 * </ul>
 */
public final class PaymentSandbox {

	private static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";
	private static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
	private static final String DECLINED_CARD = "pm_card_declined";
	private static final int MAX_TEXT_LENGTH = 200;
	private static final int MAX_MODE_LENGTH = 40;
	private static final int MAX_URL_LENGTH = 2000;
	private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
	private static final long MAX_DELAY_MS = Duration.ofHours(1).toMillis();
	private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

	private final Options options;
	private final byte[] apiKey;
	private final HttpServer server;
	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
	private final AtomicReference<Settings> settings;
	private final IdempotencyStore idempotency = new IdempotencyStore();
	private final WebhookDispatcher webhooks;
	private final EventLog events;
	private final Ledger ledger;

	private PaymentSandbox(Options options, HttpServer server) {
		this.options = options;
		this.apiKey = options.apiKey().getBytes(UTF_8);
		this.server = server;
		this.settings = new AtomicReference<>(new Settings(options.mode(), options.delayMs(), options.webhookUrl()));
		this.webhooks = new WebhookDispatcher(options.secret().getBytes(UTF_8), executor);
		this.events = new EventLog(settings::get, webhooks);
		this.ledger = new Ledger(events);
	}

	public static void main(String[] args) {
		if (Arrays.asList(args).contains("--help")) {
			System.out.print(Options.USAGE);
			return;
		}
		Options options;
		try {
			options = Options.parse(args);
		} catch (IllegalArgumentException e) {
			System.err.println("payment sandbox: " + e.getMessage());
			System.err.print(Options.USAGE);
			System.exit(2);
			return;
		}
		Log.verbose = options.verbose();
		// Small answers are written in several pieces; without this, delayed ACKs can hold each one back ~40 ms.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		PaymentSandbox sandbox;
		try {
			sandbox = start(options);
		} catch (IOException e) {
			System.err.println("payment sandbox: cannot listen on 127.0.0.1:" + options.port() + ": " + e.getMessage());
			System.exit(1);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop, "payment-sandbox-shutdown"));
		System.out.println("payment sandbox listening on http://127.0.0.1:" + sandbox.port());
		System.out.flush();
	}

	private static PaymentSandbox start(Options options) throws IOException {
		InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
		HttpServer server = HttpServer.create(new InetSocketAddress(loopback, options.port()), 0);
		PaymentSandbox sandbox = new PaymentSandbox(options, server);
		server.createContext("/", sandbox::handle);
		server.setExecutor(sandbox.executor);
		server.start();
		sandbox.startIdempotencyPurge();
		return sandbox;
	}

	private int port() {
		return server.getAddress().getPort();
	}

	private void stop() {
		server.stop(1);
		executor.shutdownNow();
		webhooks.close();
		Log.info("stopped");
	}

	private void startIdempotencyPurge() {
		Thread.ofVirtual().name("idempotency-purge").start(() -> {
			while (pause(PURGE_INTERVAL.toMillis())) {
				idempotency.purgeExpired();
			}
		});
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Exchange handling

	/** An answer and how long to hold it back before sending it (the {@code timeout} mode). */
	private record Answer(ApiResponse response, long delayMs) {

		static Answer now(ApiResponse response) {
			return new Answer(response, 0);
		}
	}

	private void handle(HttpExchange exchange) {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		try {
			Answer answer = answer(exchange);
			if (answer.delayMs() > 0) {
				pause(answer.delayMs());
			}
			send(exchange, answer.response());
			Log.info(method + " " + path + " -> " + answer.response().status());
		} catch (IOException e) {
			Log.info(method + " " + path + " not answered: " + e.getMessage());
		} finally {
			exchange.close();
		}
	}

	private Answer answer(HttpExchange exchange) throws IOException {
		try {
			Request request = Request.read(exchange);
			String root = request.segments().isEmpty() ? "" : request.segments().getFirst();
			if (!root.equals("v1") && !root.equals("sandbox")) {
				throw ApiException.notFound("Unrecognised request URL: " + request.method() + " " + request.path());
			}
			authenticate(request);
			if (root.equals("v1") && request.method().equals("POST")) {
				return write(request);
			}
			return Answer.now(route(request));
		} catch (ApiException e) {
			return Answer.now(e.toResponse());
		} catch (RuntimeException e) {
			System.err.println("payment sandbox: internal error on " + exchange.getRequestMethod() + " "
				+ exchange.getRequestURI().getPath());
			e.printStackTrace();
			return Answer.now(ApiException.internal().toResponse());
		}
	}

	private void authenticate(Request request) {
		String header = request.header("Authorization");
		if (header == null) {
			throw ApiException.unauthenticated("No API key provided; send the header Authorization: Bearer <api key>.");
		}
		String scheme = "Bearer ";
		boolean bearer = header.regionMatches(true, 0, scheme, 0, scheme.length());
		byte[] presented = (bearer ? header.substring(scheme.length()).trim() : "").getBytes(UTF_8);
		if (!bearer || !MessageDigest.isEqual(presented, apiKey)) {
			throw ApiException.unauthenticated("Invalid API key provided.");
		}
	}

	/** A POST under {@code /v1}: done at most once per idempotency key, its answer held back in mode timeout. */
	private Answer write(Request request) {
		Settings current = settings.get();
		long delayMs = current.mode() == Mode.TIMEOUT ? current.delayMs() : 0;
		String key = request.header(IDEMPOTENCY_HEADER);
		if (key == null) {
			return new Answer(execute(request), delayMs);
		}
		if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
			throw ApiException.invalid(
				IDEMPOTENCY_HEADER + " must be 1.." + MAX_IDEMPOTENCY_KEY_LENGTH + " characters.");
		}
		return switch (idempotency.claim(key, request.fingerprint())) {
			case IdempotencyStore.Replay replay ->
				Answer.now(replay.response().withHeader("Idempotent-Replayed", "true"));
			case IdempotencyStore.Claimed claimed -> new Answer(executeOnce(request, claimed), delayMs);
		};
	}

	private ApiResponse executeOnce(Request request, IdempotencyStore.Claimed claimed) {
		ApiResponse response;
		try {
			response = execute(request);
		} catch (RuntimeException e) {
			idempotency.release(claimed);
			throw e;
		}
		idempotency.complete(claimed, response);
		return response;
	}

	private ApiResponse execute(Request request) {
		try {
			return route(request);
		} catch (ApiException e) {
			return e.toResponse();
		}
	}

	private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
		byte[] body = response.body().getBytes(UTF_8);
		Headers headers = exchange.getResponseHeaders();
		headers.set("Content-Type", JSON_CONTENT_TYPE);
		response.headers().forEach(headers::set);
		boolean head = exchange.getRequestMethod().equals("HEAD");
		exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
		if (!head) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Routing

	private ApiResponse route(Request request) {
		List<String> segments = request.segments();
		String resource = segments.size() > 1 ? segments.get(1) : "";
		List<String> rest = segments.subList(Math.min(2, segments.size()), segments.size());
		if (segments.getFirst().equals("sandbox")) {
			return switch (resource) {
				case "mode" -> routeMode(request, rest);
				case "events" -> routeEvents(request, rest);
				default -> throw unrecognised(request);
			};
		}
		return switch (resource) {
			case "intents" -> routeIntents(request, rest);
			case "refunds" -> routeRefunds(request, rest);
			case "payouts" -> routePayouts(request, rest);
			default -> throw unrecognised(request);
		};
	}

	private ApiResponse routeIntents(Request request, List<String> rest) {
		if (rest.isEmpty()) {
			return switch (request.method()) {
				case "GET" -> listIntents(request);
				case "POST" -> createIntent(request);
				default -> throw ApiException.methodNotAllowed("GET, POST");
			};
		}
		String id = rest.getFirst();
		if (rest.size() == 1) {
			requireMethod(request, "GET");
			return ApiResponse.ok(ledger.intent(id).snapshot());
		}
		String action = rest.get(1);
		if (rest.size() == 2 && (action.equals("capture") || action.equals("cancel"))) {
			requireMethod(request, "POST");
			return action.equals("capture") ? captureIntent(request, id) : cancelIntent(request, id);
		}
		throw unrecognised(request);
	}

	private ApiResponse routeRefunds(Request request, List<String> rest) {
		if (rest.isEmpty()) {
			return switch (request.method()) {
				case "GET" -> listRefunds(request);
				case "POST" -> createRefund(request);
				default -> throw ApiException.methodNotAllowed("GET, POST");
			};
		}
		if (rest.size() == 1) {
			requireMethod(request, "GET");
			return ApiResponse.ok(ledger.refund(rest.getFirst()).toJson());
		}
		throw unrecognised(request);
	}

	private ApiResponse routePayouts(Request request, List<String> rest) {
		if (rest.isEmpty()) {
			return switch (request.method()) {
				case "GET" -> listPayouts(request);
				case "POST" -> createPayout(request);
				default -> throw ApiException.methodNotAllowed("GET, POST");
			};
		}
		if (rest.size() == 1) {
			requireMethod(request, "GET");
			return ApiResponse.ok(ledger.payout(rest.getFirst()).toJson());
		}
		throw unrecognised(request);
	}

	private ApiResponse routeMode(Request request, List<String> rest) {
		if (!rest.isEmpty()) {
			throw unrecognised(request);
		}
		return switch (request.method()) {
			case "GET" -> ApiResponse.ok(settings.get().toJson());
			case "POST" -> switchMode(request);
			default -> throw ApiException.methodNotAllowed("GET, POST");
		};
	}

	private ApiResponse routeEvents(Request request, List<String> rest) {
		if (!rest.isEmpty()) {
			throw unrecognised(request);
		}
		requireMethod(request, "GET");
		return listEvents(request);
	}

	private static void requireMethod(Request request, String method) {
		if (!request.method().equals(method)) {
			throw ApiException.methodNotAllowed(method);
		}
	}

	private static ApiException unrecognised(Request request) {
		return ApiException.notFound("Unrecognised request URL: " + request.method() + " " + request.path());
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Endpoints

	private ApiResponse createIntent(Request request) {
		Params params = request.form().allowOnly("amount", "currency", "reference", "payment_method");
		long amount = params.amount("amount");
		String currency = params.currency("currency");
		String reference = params.text("reference", MAX_TEXT_LENGTH);
		String paymentMethod = params.text("payment_method", MAX_TEXT_LENGTH);
		boolean decline = settings.get().mode() == Mode.DECLINE || paymentMethod.equals(DECLINED_CARD);
		return ApiResponse.ok(ledger.createIntent(amount, currency, reference, paymentMethod, decline));
	}

	private ApiResponse listIntents(Request request) {
		String reference = request.query().allowOnly("reference").optionalText("reference", MAX_TEXT_LENGTH);
		return ApiResponse.ok(ledger.listIntents(reference));
	}

	private ApiResponse captureIntent(Request request, String id) {
		OptionalLong amount = request.form().allowOnly("amount").optionalAmount("amount");
		return ApiResponse.ok(ledger.capture(id, amount));
	}

	private ApiResponse cancelIntent(Request request, String id) {
		request.form().allowOnly();
		return ApiResponse.ok(ledger.cancel(id));
	}

	private ApiResponse createRefund(Request request) {
		Params params = request.form().allowOnly("intent", "amount");
		String intentId = params.text("intent", MAX_TEXT_LENGTH);
		long amount = params.amount("amount");
		return ApiResponse.ok(ledger.createRefund(intentId, amount));
	}

	private ApiResponse listRefunds(Request request) {
		String intentId = request.query().allowOnly("intent").optionalText("intent", MAX_TEXT_LENGTH);
		return ApiResponse.ok(ledger.listRefunds(intentId));
	}

	private ApiResponse createPayout(Request request) {
		Params params = request.form().allowOnly("amount", "currency", "destination");
		long amount = params.amount("amount");
		String currency = params.currency("currency");
		String destination = params.text("destination", MAX_TEXT_LENGTH);
		return ApiResponse.ok(ledger.createPayout(amount, currency, destination));
	}

	private ApiResponse listPayouts(Request request) {
		request.query().allowOnly();
		return ApiResponse.ok(ledger.listPayouts());
	}

	private ApiResponse switchMode(Request request) {
		Params params = request.form().allowOnly("mode", "delay_ms", "webhook_url");
		Mode mode = Mode.fromWireName(params.text("mode", MAX_MODE_LENGTH)).orElseThrow(() ->
			ApiException.invalid("Invalid mode: must be one of " + Mode.wireNames() + "."));
		long delayMs = params.optionalMillis("delay_ms", MAX_DELAY_MS).orElse(options.delayMs());
		boolean urlGiven = params.has("webhook_url");
		URI webhookUrl = urlGiven ? params.webhookUrl("webhook_url") : null;
		Settings next = settings.updateAndGet(current ->
			new Settings(mode, delayMs, urlGiven ? webhookUrl : current.webhookUrl()));
		Log.info("mode " + next.toJson());
		return ApiResponse.ok(next.toJson());
	}

	private ApiResponse listEvents(Request request) {
		Params query = request.query().allowOnly("type", "object_id");
		String type = query.optionalText("type", MAX_TEXT_LENGTH);
		String objectId = query.optionalText("object_id", MAX_TEXT_LENGTH);
		return ApiResponse.ok(events.list(event ->
			(type == null || event.type().equals(type)) && (objectId == null || event.objectId().equals(objectId))));
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Small shared helpers

	static long epochSeconds() {
		return Instant.now().getEpochSecond();
	}

	/** Sleeps; false when interrupted (the interrupt is kept), which callers take as a request to stop. */
	static boolean pause(long millis) {
		if (millis <= 0) {
			return true;
		}
		try {
			Thread.sleep(millis);
			return true;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static URI parseWebhookUrl(String value) {
		URI uri;
		try {
			uri = new URI(value);
		} catch (URISyntaxException e) {
			throw new IllegalArgumentException("not a URL: " + value);
		}
		String scheme = uri.getScheme();
		boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
		if (!http || uri.getHost() == null) {
			throw new IllegalArgumentException("not an absolute http or https URL: " + value);
		}
		return uri;
	}

	/** Diagnostics on standard error, only with {@code --verbose}; standard output carries only the ready line. */
	static final class Log {

		static volatile boolean verbose;

		private Log() {
		}

		static void info(String message) {
			if (verbose) {
				System.err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " payment sandbox: " + message);
			}
		}
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Command line and run-time settings

	/** The command line. */
	record Options(int port, String apiKey, String secret, URI webhookUrl, Mode mode, long delayMs, boolean verbose) {

		static final String USAGE = """
			usage: java PaymentSandbox.java --api-key KEY --secret SECRET [--port PORT] [--webhook-url URL]
			                                [--mode MODE] [--delay-ms MS] [--verbose]
			  --port PORT        port on 127.0.0.1, 0 for any free one (default 8099)
			  --api-key KEY      the key clients send as Authorization: Bearer KEY (required)
			  --secret SECRET    the key of the webhook signatures' HMAC-SHA256 (required)
			  --webhook-url URL  where events are POSTed (default: none, events are only recorded)
			  --mode MODE        initial mode: %s (default normal)
			  --delay-ms MS      delay of the timeout and webhook-delayed/-reordered modes (default 2000)
			  --verbose          log requests and webhook deliveries to standard error
			""".formatted(Mode.wireNames());

		private static final Set<String> VALUED = Set.of(
			"--port", "--api-key", "--secret", "--webhook-url", "--mode", "--delay-ms");

		static Options parse(String[] args) {
			Map<String, String> values = new HashMap<>();
			boolean verbose = false;
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				if (arg.equals("--verbose")) {
					verbose = true;
					continue;
				}
				int equals = arg.indexOf('=');
				String name = equals < 0 ? arg : arg.substring(0, equals);
				if (!VALUED.contains(name)) {
					throw new IllegalArgumentException("unknown argument: " + arg);
				}
				if (equals < 0 && i + 1 >= args.length) {
					throw new IllegalArgumentException("missing value of " + name);
				}
				String value = equals < 0 ? args[++i] : arg.substring(equals + 1);
				if (values.put(name, value) != null) {
					throw new IllegalArgumentException("repeated argument: " + name);
				}
			}
			return new Options(
				(int) number(values, "--port", 8099, 65_535),
				required(values, "--api-key"),
				required(values, "--secret"),
				values.containsKey("--webhook-url") ? webhookUrl(values.get("--webhook-url")) : null,
				mode(values.getOrDefault("--mode", Mode.NORMAL.wireName())),
				number(values, "--delay-ms", 2000, MAX_DELAY_MS),
				verbose);
		}

		private static String required(Map<String, String> values, String name) {
			String value = values.get(name);
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException(name + " is required");
			}
			return value;
		}

		private static long number(Map<String, String> values, String name, long fallback, long max) {
			String value = values.get(name);
			if (value == null) {
				return fallback;
			}
			if (!value.matches("[0-9]{1,18}") || Long.parseLong(value) > max) {
				throw new IllegalArgumentException(name + " must be a whole number from 0 to " + max + ": " + value);
			}
			return Long.parseLong(value);
		}

		private static URI webhookUrl(String value) {
			try {
				return parseWebhookUrl(value);
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("--webhook-url is " + e.getMessage());
			}
		}

		private static Mode mode(String value) {
			return Mode.fromWireName(value).orElseThrow(() ->
				new IllegalArgumentException("--mode must be one of " + Mode.wireNames() + ": " + value));
		}
	}

	/** The failure modes; see the class comment. */
	enum Mode {
		NORMAL, DECLINE, TIMEOUT, WEBHOOK_DELAYED, WEBHOOK_DUPLICATED, WEBHOOK_REORDERED, WEBHOOK_NEVER;

		String wireName() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		static Optional<Mode> fromWireName(String wireName) {
			return Arrays.stream(values()).filter(mode -> mode.wireName().equals(wireName)).findFirst();
		}

		static String wireNames() {
			return Arrays.stream(values()).map(Mode::wireName).collect(Collectors.joining(", "));
		}
	}

	/** The run-time settings, replaced as a whole on every switch. {@code webhookUrl} is null when there is none. */
	record Settings(Mode mode, long delayMs, URI webhookUrl) {

		String toJson() {
			return new JsonObject()
				.put("mode", mode.wireName())
				.put("delay_ms", delayMs)
				.put("webhook_url", webhookUrl == null ? null : webhookUrl.toString())
				.toString();
		}
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Requests, answers and errors

	/** An answer: status, JSON body and any extra headers. */
	record ApiResponse(int status, String body, Map<String, String> headers) {

		static ApiResponse ok(String body) {
			return new ApiResponse(200, body, Map.of());
		}

		ApiResponse withHeader(String name, String value) {
			Map<String, String> extended = new LinkedHashMap<>(headers);
			extended.put(name, value);
			return new ApiResponse(status, body, Map.copyOf(extended));
		}
	}

	/** A failure answered as {@code {"error":{"type":...,"message":...}}}. */
	static final class ApiException extends RuntimeException {

		@Serial
		private static final long serialVersionUID = 1L;

		private final int status;
		private final String type;
		private final transient Map<String, String> headers;

		private ApiException(int status, String type, String message, Map<String, String> headers) {
			super(message, null, false, false);
			this.status = status;
			this.type = type;
			this.headers = headers;
		}

		static ApiException invalid(String message) {
			return new ApiException(400, "invalid_request", message, Map.of());
		}

		static ApiException idempotencyMismatch(String message) {
			return new ApiException(400, "idempotency_error", message, Map.of());
		}

		static ApiException unauthenticated(String message) {
			return new ApiException(401, "authentication_error", message,
				Map.of("WWW-Authenticate", "Bearer realm=\"payment-sandbox\""));
		}

		static ApiException notFound(String message) {
			return new ApiException(404, "not_found", message, Map.of());
		}

		static ApiException methodNotAllowed(String allowed) {
			return new ApiException(405, "method_not_allowed", "Allowed methods: " + allowed + ".",
				Map.of("Allow", allowed));
		}

		static ApiException conflict(String message) {
			return new ApiException(409, "conflict", message, Map.of());
		}

		static ApiException idempotencyConflict(String message) {
			return new ApiException(409, "idempotency_conflict", message, Map.of());
		}

		static ApiException tooLarge(String message) {
			return new ApiException(413, "invalid_request", message, Map.of());
		}

		static ApiException internal() {
			return new ApiException(500, "api_error", "The sandbox failed to handle the request.", Map.of());
		}

		ApiResponse toResponse() {
			String error = new JsonObject().put("type", type).put("message", getMessage()).toString();
			return new ApiResponse(status, new JsonObject().putRaw("error", error).toString(), headers);
		}
	}

	/** What the handlers need of an exchange: method, path, headers and the raw query and body. */
	static final class Request {

		private static final int MAX_BODY_BYTES = 64 * 1024;
		private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

		private final String method;
		private final String path;
		private final List<String> segments;
		private final String rawQuery;
		private final Headers headers;
		private final byte[] body;

		private Request(String method, String path, String rawQuery, Headers headers, byte[] body) {
			this.method = method;
			this.path = path;
			this.segments = Arrays.stream(path.split("/")).skip(1).toList();
			this.rawQuery = rawQuery == null ? "" : rawQuery;
			this.headers = headers;
			this.body = body;
		}

		static Request read(HttpExchange exchange) throws IOException {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readNBytes(MAX_BODY_BYTES + 1);
			}
			URI uri = exchange.getRequestURI();
			return new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
				exchange.getRequestHeaders(), body);
		}

		String method() {
			return method;
		}

		String path() {
			return path;
		}

		/** The path's segments, e.g. {@code [v1, intents, pi_1, capture]}. */
		List<String> segments() {
			return segments;
		}

		String header(String name) {
			return headers.getFirst(name);
		}

		Params query() {
			return Params.parse(rawQuery);
		}

		Params form() {
			if (body.length > MAX_BODY_BYTES) {
				throw ApiException.tooLarge("The request body exceeds " + MAX_BODY_BYTES + " bytes.");
			}
			String contentType = header("Content-Type");
			boolean form = contentType == null
				|| contentType.toLowerCase(Locale.ROOT).startsWith(FORM_CONTENT_TYPE);
			if (body.length > 0 && !form) {
				throw ApiException.invalid("The request body must be " + FORM_CONTENT_TYPE + ".");
			}
			return Params.parse(new String(body, UTF_8));
		}

		/** What makes two requests the same for an idempotency key: method, path and sorted parameters. */
		String fingerprint() {
			return method + " " + path + "\n" + form().canonical();
		}
	}

	/** Decoded form or query parameters, with the validations the endpoints share; every failure names the param. */
	static final class Params {

		private final SortedMap<String, String> values;

		private Params(SortedMap<String, String> values) {
			this.values = values;
		}

		static Params parse(String encoded) {
			SortedMap<String, String> values = new TreeMap<>();
			for (String pair : encoded.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decode(equals < 0 ? pair : pair.substring(0, equals));
				String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
				if (values.putIfAbsent(name, value) != null) {
					throw ApiException.invalid("Parameter given more than once: " + name + ".");
				}
			}
			return new Params(values);
		}

		private static String decode(String encoded) {
			try {
				return URLDecoder.decode(encoded, UTF_8);
			} catch (IllegalArgumentException e) {
				throw ApiException.invalid("Malformed URL encoding: " + encoded + ".");
			}
		}

		Params allowOnly(String... names) {
			Set<String> allowed = Set.of(names);
			for (String name : values.keySet()) {
				if (!allowed.contains(name)) {
					throw ApiException.invalid("Received unknown parameter: " + name + ".");
				}
			}
			return this;
		}

		/** A required text of 1..maxLength characters. */
		String text(String name, int maxLength) {
			String value = values.get(name);
			if (value == null || value.isEmpty()) {
				throw missing(name);
			}
			if (value.codePointCount(0, value.length()) > maxLength) {
				throw ApiException.invalid("Invalid " + name + ": at most " + maxLength + " characters.");
			}
			return value;
		}

		/** An optional text of 1..maxLength characters; null when absent. */
		String optionalText(String name, int maxLength) {
			return values.containsKey(name) ? text(name, maxLength) : null;
		}

		/** A required positive amount in minor units. */
		long amount(String name) {
			if (!values.containsKey(name)) {
				throw missing(name);
			}
			String value = values.get(name);
			long amount = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : 0;
			if (amount <= 0) {
				throw ApiException.invalid("Invalid " + name + ": must be a positive integer in minor units.");
			}
			return amount;
		}

		OptionalLong optionalAmount(String name) {
			return values.containsKey(name) ? OptionalLong.of(amount(name)) : OptionalLong.empty();
		}

		/** A required three-letter currency code in any case, answered lowercase. */
		String currency(String name) {
			String value = values.get(name);
			if (value == null || value.isEmpty()) {
				throw missing(name);
			}
			if (!value.matches("[A-Za-z]{3}")) {
				throw ApiException.invalid("Invalid " + name + ": must be a three-letter ISO currency code.");
			}
			return value.toLowerCase(Locale.ROOT);
		}

		/** An optional duration in milliseconds, 0..max. */
		OptionalLong optionalMillis(String name, long max) {
			String value = values.get(name);
			if (value == null) {
				return OptionalLong.empty();
			}
			if (!value.matches("[0-9]{1,18}") || Long.parseLong(value) > max) {
				throw ApiException.invalid("Invalid " + name + ": must be a whole number from 0 to " + max + ".");
			}
			return OptionalLong.of(Long.parseLong(value));
		}

		boolean has(String name) {
			return values.containsKey(name);
		}

		/** An absolute http or https URL; null when given empty, which stands for none. */
		URI webhookUrl(String name) {
			String value = values.get(name);
			if (value == null) {
				throw missing(name);
			}
			if (value.isEmpty()) {
				return null;
			}
			if (value.length() > MAX_URL_LENGTH) {
				throw ApiException.invalid("Invalid " + name + ": at most " + MAX_URL_LENGTH + " characters.");
			}
			try {
				return parseWebhookUrl(value);
			} catch (IllegalArgumentException e) {
				throw ApiException.invalid("Invalid " + name + ": " + e.getMessage() + ".");
			}
		}

		/** The parameters sorted by name and re-encoded, for comparing requests. */
		String canonical() {
			return values.entrySet().stream()
				.map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
				.collect(Collectors.joining("&"));
		}

		private static String encode(String text) {
			return URLEncoder.encode(text, UTF_8);
		}

		private static ApiException missing(String name) {
			return ApiException.invalid("Missing required param: " + name + ".");
		}
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Idempotency

	/**
	 * The answers of POSTs that carried an {@code Idempotency-Key}, each kept 24 hours from its first request. An entry
	 * is claimed before the request is executed and completed with its answer as soon as that answer exists, so a
	 * retry is a conflict only while the effect is still being made.
	 */
	static final class IdempotencyStore {

		private static final Duration RETENTION = Duration.ofHours(24);

		/** The outcome of claiming a key. */
		sealed interface Claim permits Claimed, Replay {
		}

		/** The key is now this request's; complete or release it. */
		record Claimed(String key, Entry entry) implements Claim {
		}

		/** The key's request was done before; answer it again. */
		record Replay(ApiResponse response) implements Claim {
		}

		/** A key's request and, once done, its answer. */
		static final class Entry {

			private final String fingerprint;
			private final Instant created = Instant.now();
			private volatile ApiResponse response;

			Entry(String fingerprint) {
				this.fingerprint = fingerprint;
			}

			boolean isExpired(Instant now) {
				return response != null && created.plus(RETENTION).isBefore(now);
			}
		}

		private final Map<String, Entry> entries = new ConcurrentHashMap<>();

		Claim claim(String key, String fingerprint) {
			Entry candidate = new Entry(fingerprint);
			while (true) {
				Entry existing = entries.putIfAbsent(key, candidate);
				if (existing == null) {
					return new Claimed(key, candidate);
				}
				if (existing.isExpired(Instant.now())) {
					if (entries.replace(key, existing, candidate)) {
						return new Claimed(key, candidate);
					}
					continue;
				}
				return replayOf(key, existing, fingerprint);
			}
		}

		private static Replay replayOf(String key, Entry existing, String fingerprint) {
			if (!existing.fingerprint.equals(fingerprint)) {
				throw ApiException.idempotencyMismatch("Keys for idempotent requests can only be used with the same "
					+ "method, path and parameters as the first request; " + IDEMPOTENCY_HEADER + " " + key
					+ " was used for another request.");
			}
			ApiResponse response = existing.response;
			if (response == null) {
				throw ApiException.idempotencyConflict("A request with " + IDEMPOTENCY_HEADER + " " + key
					+ " is still being processed; retry later.");
			}
			return new Replay(response);
		}

		void complete(Claimed claimed, ApiResponse response) {
			claimed.entry().response = response;
		}

		/** Forgets a claim whose request failed unexpectedly, so a retry runs it afresh. */
		void release(Claimed claimed) {
			entries.remove(claimed.key(), claimed.entry());
		}

		void purgeExpired() {
			Instant now = Instant.now();
			entries.values().removeIf(entry -> entry.isExpired(now));
		}
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Ledger: intents, refunds, payouts

	/** The lifecycle of an intent. */
	enum IntentStatus {
		PROCESSING, AUTHORISED, FAILED, CAPTURED, CANCELLED;

		String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * A payment intent. Its state changes under its own lock, and each change emits its event while still holding it,
	 * so an intent's events are recorded in the order of its {@code sequence}.
	 */
	static final class Intent {

		private final String id;
		private final long amount;
		private final String currency;
		private final String reference;
		private final String paymentMethod;
		private final long created;
		private IntentStatus status = IntentStatus.PROCESSING;
		private long amountCaptured;
		private long amountRefunded;
		private String failureCode;
		private int sequence;

		Intent(String id, long amount, String currency, String reference, String paymentMethod, long created) {
			this.id = id;
			this.amount = amount;
			this.currency = currency;
			this.reference = reference;
			this.paymentMethod = paymentMethod;
			this.created = created;
		}

		String id() {
			return id;
		}

		String reference() {
			return reference;
		}

		/** Announces the new intent; answers its snapshot. */
		synchronized String open(EventLog events) {
			return changed(events);
		}

		/** Decides a processing intent; one cancelled meanwhile stays cancelled. */
		synchronized void decide(boolean decline, EventLog events) {
			if (status != IntentStatus.PROCESSING) {
				return;
			}
			status = decline ? IntentStatus.FAILED : IntentStatus.AUTHORISED;
			failureCode = decline ? "card_declined" : null;
			changed(events);
		}

		synchronized String capture(OptionalLong requested, EventLog events) {
			long toCapture = requested.orElse(amount);
			if (toCapture > amount) {
				throw ApiException.invalid(
					"Invalid amount: " + toCapture + " exceeds the intent's amount " + amount + ".");
			}
			if (status != IntentStatus.AUTHORISED) {
				throw ApiException.conflict("Intent " + id + " is " + status.wireName()
					+ "; only an authorised intent can be captured.");
			}
			status = IntentStatus.CAPTURED;
			amountCaptured = toCapture;
			return changed(events);
		}

		synchronized String cancel(EventLog events) {
			return switch (status) {
				case CANCELLED -> snapshot();
				case PROCESSING, AUTHORISED -> {
					status = IntentStatus.CANCELLED;
					yield changed(events);
				}
				case CAPTURED, FAILED -> throw ApiException.conflict("Intent " + id + " is " + status.wireName()
					+ "; only a processing or authorised intent can be cancelled.");
			};
		}

		/** Raises the refunded amount; answers the intent's currency. */
		synchronized String refund(long requested) {
			long refundable = amountCaptured - amountRefunded;
			if (requested > refundable) {
				throw ApiException.invalid("Invalid amount: " + requested + " exceeds the amount still refundable on "
					+ id + ", " + refundable + ".");
			}
			amountRefunded += requested;
			sequence++;
			return currency;
		}

		synchronized String snapshot() {
			return new JsonObject()
				.put("id", id)
				.put("object", "intent")
				.put("amount", amount)
				.put("currency", currency)
				.put("reference", reference)
				.put("payment_method", paymentMethod)
				.put("status", status.wireName())
				.put("amount_captured", amountCaptured)
				.put("amount_refunded", amountRefunded)
				.put("failure_code", failureCode)
				.put("created", created)
				.put("sequence", sequence)
				.toString();
		}

		private String changed(EventLog events) {
			sequence++;
			String snapshot = snapshot();
			events.emit("intent." + status.wireName(), id, snapshot);
			return snapshot;
		}
	}

	record Refund(String id, String intentId, long amount, String currency, long created) {

		String toJson() {
			return new JsonObject()
				.put("id", id)
				.put("object", "refund")
				.put("intent", intentId)
				.put("amount", amount)
				.put("currency", currency)
				.put("status", "succeeded")
				.put("created", created)
				.toString();
		}
	}

	record Payout(String id, long amount, String currency, String destination, long created) {

		String toJson() {
			return new JsonObject()
				.put("id", id)
				.put("object", "payout")
				.put("amount", amount)
				.put("currency", currency)
				.put("destination", destination)
				.put("status", "paid")
				.put("created", created)
				.toString();
		}
	}

	/** Objects by id, also listable in the order they were added. */
	static final class Registry<T> {

		private final Map<String, T> byId = new ConcurrentHashMap<>();
		private final Queue<T> inOrder = new ConcurrentLinkedQueue<>();

		void add(String id, T item) {
			byId.put(id, item);
			inOrder.add(item);
		}

		Optional<T> find(String id) {
			return Optional.ofNullable(byId.get(id));
		}

		List<T> list(Predicate<? super T> filter) {
			return inOrder.stream().filter(filter).toList();
		}
	}

	/** The provider's books; every method answers JSON. */
	static final class Ledger {

		private static final long DECISION_DELAY_MS = 20;

		private final EventLog events;
		private final Registry<Intent> intents = new Registry<>();
		private final Registry<Refund> refunds = new Registry<>();
		private final Registry<Payout> payouts = new Registry<>();

		Ledger(EventLog events) {
			this.events = events;
		}

		/** Creates a processing intent, decided shortly afterwards in the background; answers it as created. */
		String createIntent(long amount, String currency, String reference, String paymentMethod, boolean decline) {
			Intent intent = new Intent(Ids.next("pi"), amount, currency, reference, paymentMethod, epochSeconds());
			intents.add(intent.id(), intent);
			String created = intent.open(events);
			Thread.ofVirtual().name("decide-" + intent.id()).start(() -> {
				if (pause(DECISION_DELAY_MS)) {
					intent.decide(decline, events);
				}
			});
			return created;
		}

		Intent intent(String id) {
			return intents.find(id).orElseThrow(() -> ApiException.notFound("No such intent: " + id + "."));
		}

		String listIntents(String reference) {
			return JsonObject.list(intents.list(intent -> reference == null || intent.reference().equals(reference))
				.stream().map(Intent::snapshot).toList());
		}

		String capture(String id, OptionalLong amount) {
			return intent(id).capture(amount, events);
		}

		String cancel(String id) {
			return intent(id).cancel(events);
		}

		String createRefund(String intentId, long amount) {
			Intent intent = intent(intentId);
			String currency = intent.refund(amount);
			Refund refund = new Refund(Ids.next("re"), intent.id(), amount, currency, epochSeconds());
			refunds.add(refund.id(), refund);
			String json = refund.toJson();
			events.emit("refund.succeeded", refund.id(), json);
			return json;
		}

		Refund refund(String id) {
			return refunds.find(id).orElseThrow(() -> ApiException.notFound("No such refund: " + id + "."));
		}

		String listRefunds(String intentId) {
			return JsonObject.list(refunds.list(refund -> intentId == null || refund.intentId().equals(intentId))
				.stream().map(Refund::toJson).toList());
		}

		String createPayout(long amount, String currency, String destination) {
			Payout payout = new Payout(Ids.next("po"), amount, currency, destination, epochSeconds());
			payouts.add(payout.id(), payout);
			String json = payout.toJson();
			events.emit("payout.paid", payout.id(), json);
			return json;
		}

		Payout payout(String id) {
			return payouts.find(id).orElseThrow(() -> ApiException.notFound("No such payout: " + id + "."));
		}

		String listPayouts() {
			return JsonObject.list(payouts.list(payout -> true).stream().map(Payout::toJson).toList());
		}
	}

	/** Random object ids: a prefix, an underscore and 24 lowercase hex digits. */
	static final class Ids {

		private static final SecureRandom RANDOM = new SecureRandom();
		private static final HexFormat HEX = HexFormat.of();

		private Ids() {
		}

		static String next(String prefix) {
			byte[] bytes = new byte[12];
			RANDOM.nextBytes(bytes);
			return prefix + "_" + HEX.formatHex(bytes);
		}
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Events and webhooks

	/** An emitted event: its payload as sent and how its deliveries went. */
	static final class WebhookEvent {

		private final String id;
		private final String type;
		private final long created;
		private final String objectId;
		private final byte[] payload;
		private final AtomicInteger deliveries = new AtomicInteger();
		private volatile boolean delivered;

		WebhookEvent(String type, String objectId, String objectJson) {
			this.id = Ids.next("evt");
			this.type = type;
			this.created = epochSeconds();
			this.objectId = objectId;
			String data = new JsonObject().putRaw("object", objectJson).toString();
			this.payload = new JsonObject()
				.put("id", id)
				.put("object", "event")
				.put("type", type)
				.put("created", created)
				.putRaw("data", data)
				.toString()
				.getBytes(UTF_8);
		}

		String id() {
			return id;
		}

		String type() {
			return type;
		}

		String objectId() {
			return objectId;
		}

		byte[] payload() {
			return payload;
		}

		void countAttempt() {
			deliveries.incrementAndGet();
		}

		void markDelivered() {
			delivered = true;
		}

		String summaryJson() {
			return new JsonObject()
				.put("id", id)
				.put("type", type)
				.put("created", created)
				.put("object_id", objectId)
				.put("deliveries", deliveries.get())
				.put("delivered", delivered)
				.toString();
		}
	}

	/** Every event emitted, in order, each handed to the dispatcher under the settings of its emission. */
	static final class EventLog {

		private final Queue<WebhookEvent> events = new ConcurrentLinkedQueue<>();
		private final Supplier<Settings> settings;
		private final WebhookDispatcher dispatcher;

		EventLog(Supplier<Settings> settings, WebhookDispatcher dispatcher) {
			this.settings = settings;
			this.dispatcher = dispatcher;
		}

		void emit(String type, String objectId, String objectJson) {
			WebhookEvent event = new WebhookEvent(type, objectId, objectJson);
			events.add(event);
			Log.info("event " + event.id() + " " + type + " " + objectId);
			dispatcher.dispatch(event, settings.get());
		}

		String list(Predicate<WebhookEvent> filter) {
			return JsonObject.list(events.stream().filter(filter).map(WebhookEvent::summaryJson).toList());
		}
	}

	/** Delivers events to the webhook URL, signed, each delivery on its own virtual thread with retries. */
	static final class WebhookDispatcher {

		private static final String SIGNATURE_HEADER = "Sandbox-Signature";
		private static final String HMAC = "HmacSHA256";
		private static final int MAX_ATTEMPTS = 12;
		private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
		private static final long FIRST_BACKOFF_MS = 500;
		private static final long MAX_BACKOFF_MS = 30_000;
		private static final long DUPLICATE_GAP_MS = 50;
		private static final Set<String> REORDERED_TYPES = Set.of("intent.processing", "intent.authorised");

		private final SecretKeySpec key;
		private final HttpClient client;

		WebhookDispatcher(byte[] secret, ExecutorService executor) {
			this.key = new SecretKeySpec(secret, HMAC);
			this.client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(ATTEMPT_TIMEOUT)
				.executor(executor)
				.build();
		}

		void dispatch(WebhookEvent event, Settings settings) {
			URI url = settings.webhookUrl();
			if (url == null || settings.mode() == Mode.WEBHOOK_NEVER) {
				return;
			}
			long delayMs = initialDelay(event, settings);
			startDelivery(event, url, delayMs);
			if (settings.mode() == Mode.WEBHOOK_DUPLICATED) {
				startDelivery(event, url, delayMs + DUPLICATE_GAP_MS);
			}
		}

		void close() {
			client.shutdownNow();
		}

		private static long initialDelay(WebhookEvent event, Settings settings) {
			return switch (settings.mode()) {
				case WEBHOOK_DELAYED -> settings.delayMs();
				case WEBHOOK_REORDERED -> REORDERED_TYPES.contains(event.type()) ? settings.delayMs() : 0;
				default -> 0;
			};
		}

		private void startDelivery(WebhookEvent event, URI url, long delayMs) {
			Thread.ofVirtual().name("webhook-" + event.id()).start(() -> deliver(event, url, delayMs));
		}

		/** Attempts until one is answered 2xx, backing off between attempts; stops early when interrupted. */
		private void deliver(WebhookEvent event, URI url, long delayMs) {
			if (!pause(delayMs)) {
				return;
			}
			for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
				if (attempt(event, url, attempt)) {
					return;
				}
				if (attempt < MAX_ATTEMPTS && !pause(backoff(attempt))) {
					return;
				}
			}
			Log.info("event " + event.id() + " given up after " + MAX_ATTEMPTS + " attempts");
		}

		static long backoff(int failedAttempts) {
			return Math.min(FIRST_BACKOFF_MS << Math.min(failedAttempts - 1, 20), MAX_BACKOFF_MS);
		}

		private boolean attempt(WebhookEvent event, URI url, int attempt) {
			event.countAttempt();
			long timestamp = epochSeconds();
			HttpRequest request = HttpRequest.newBuilder(url)
				.timeout(ATTEMPT_TIMEOUT)
				.header("Content-Type", "application/json")
				.header(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + sign(timestamp, event.payload()))
				.POST(HttpRequest.BodyPublishers.ofByteArray(event.payload()))
				.build();
			String outcome;
			try {
				int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status >= 200 && status < 300) {
					event.markDelivered();
					Log.info("event " + event.id() + " delivered (attempt " + attempt + ", " + status + ")");
					return true;
				}
				outcome = "answered " + status;
			} catch (IOException e) {
				outcome = "failed: " + e;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
			Log.info("event " + event.id() + " attempt " + attempt + " " + outcome);
			return false;
		}

		/** Lowercase hex HMAC-SHA256 of {@code timestamp + "." + body}. */
		private String sign(long timestamp, byte[] body) {
			try {
				Mac mac = Mac.getInstance(HMAC);
				mac.init(key);
				mac.update((timestamp + ".").getBytes(UTF_8));
				return HexFormat.of().formatHex(mac.doFinal(body));
			} catch (GeneralSecurityException e) {
				throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
			}
		}
	}

	// ---------------------------------------------------------------------------------------------------------------
	// JSON

	/** Writes one JSON object; values are strings (or null), whole numbers, booleans or already written JSON. */
	static final class JsonObject {

		private final StringBuilder json = new StringBuilder("{");

		JsonObject put(String name, String value) {
			return putRaw(name, value == null ? "null" : quote(value));
		}

		JsonObject put(String name, long value) {
			return putRaw(name, Long.toString(value));
		}

		JsonObject put(String name, boolean value) {
			return putRaw(name, Boolean.toString(value));
		}

		JsonObject putRaw(String name, String rawJson) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append(quote(name)).append(':').append(rawJson);
			return this;
		}

		@Override
		public String toString() {
			return json + "}";
		}

		/** {@code {"object":"list","data":[...]}} of already written JSON objects. */
		static String list(Collection<String> items) {
			String data = "[" + String.join(",", items) + "]";
			return new JsonObject().put("object", "list").putRaw("data", data).toString();
		}

		static String quote(String value) {
			StringBuilder out = new StringBuilder(value.length() + 2).append('"');
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				switch (c) {
					case '"' -> out.append("\\\"");
					case '\\' -> out.append("\\\\");
					case '\n' -> out.append("\\n");
					case '\r' -> out.append("\\r");
					case '\t' -> out.append("\\t");
					case '\b' -> out.append("\\b");
					case '\f' -> out.append("\\f");
					default -> {
						if (c < 0x20) {
							out.append(String.format("\\u%04x", (int) c));
						} else {
							out.append(c);
						}
					}
				}
			}
			return out.append('"').toString();
		}
	}
}
