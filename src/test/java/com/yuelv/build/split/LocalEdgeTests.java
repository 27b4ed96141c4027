package com.yuelv.build.split;

import com.yuelv.platform.deployment.PlaceableModules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The generated local edge, run by HAProxy in front of a stand-in deployment with two slots that holds each request
 * until told: a request that finds no free slot waits in the edge's queue, critical ones ahead of normal ones; a
 * sheddable request never waits, a normal one only while the queue has room, and one that found no slot within the
 * queue's timeout is answered by the edge with the application's 503 problem and {@code Retry-After}; a deployment that
 * is down is told apart; whatever the edge answers itself is a problem of the API's; every request goes on with its id,
 * its trace and the client's address; and the edge keeps the answers of public reads for as long as they say, and
 * nothing else.
 */
class LocalEdgeTests {

	private static final String TRIP = "0c7a3b5e-0000-4000-8000-000000000001";

	@TempDir
	Path dir;

	private HttpServer deployment;
	private RunningEdge edge;
	/** Each permit lets one held request be answered. */
	private final Semaphore permits = new Semaphore(0);
	/** The held requests in the order they reached the deployment. */
	private final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
	private final Map<String, Map<String, List<String>>> headersByPath = new ConcurrentHashMap<>();
	private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	private int edgePort;

	@BeforeEach
	void start() throws Exception {
		deployment = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		deployment.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		deployment.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}",
				"no-store"));
		deployment.createContext("/", exchange -> {
			var request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
			headersByPath.put(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()));
			exchange.getRequestBody().readAllBytes();
			arrivals.add(request);
			try {
				permits.tryAcquire(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			answer(exchange, 200, "{}", "no-store");
		});
		// answered at once, with the Cache-Control the query names, and how often each path was asked
		deployment.createContext("/api/v1/nearby-trips", this::answerAtOnce);
		deployment.createContext("/api/v1/places/distance", this::answerAtOnce);
		deployment.createContext("/api/v1/moments", this::answerAtOnce);
		deployment.start();

		var resources = new Topology.Resources(new Topology.Quantities("250m", "512Mi"),
				new Topology.Quantities("1", "1Gi"), "640Mi");
		var topology = new Topology("edge", List.of(new Topology.Deployment("yuelv", PlaceableModules.all()
				.stream().sorted().toList(), new Topology.Replicas(1, 1), resources, 70, new TreeMap<>(),
				new Topology.EdgeLimits(2, Duration.ofMillis(1500), 1))), deployment.getAddress().getPort());
		edge = RunningEdge.start(dir, EdgeGateway.configuration(topology, EdgeRoutes.of(topology,
				Endpoints.of("com.yuelv")), EdgePriorities.of(Endpoints.operations("com.yuelv")),
				Endpoints.specials("com.yuelv"), EdgeGateway.Shape.LOCAL));
		edgePort = edge.port();
	}

	@AfterEach
	void stop() throws InterruptedException {
		permits.release(1000);
		if (edge != null) {
			edge.close();
		}
		if (deployment != null) {
			deployment.stop(0);
		}
	}

	@Test
	void aRequestThatFindsNoSlotWaitsInPriorityOrderOrIsAnsweredByTheEdge() throws Exception {
		var held = new ArrayList<CompletableFuture<HttpResponse<String>>>();
		held.add(send("GET", "/api/v1/trips"));
		assertThat(awaitArrival()).isEqualTo("GET /api/v1/trips");
		held.add(send("GET", "/api/v1/search/trips?q=kyoto"));
		assertThat(awaitArrival()).isEqualTo("GET /api/v1/search/trips");

		// both slots taken: a sheddable request is refused at once
		var shed = send("GET", "/api/v1/places?prefix=kyo").get(10, TimeUnit.SECONDS);
		assertThat(shed.statusCode()).isEqualTo(503);
		assertThat(shed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(shed.body()).contains("\"type\":\"https://yuelv.app/problems/overloaded\"")
				.contains("sheds sheddable requests");

		// a normal request waits while the queue has room (one per replica); the next normal one does not
		var waitingNormal = send("GET", "/api/v1/trips/" + TRIP);
		awaitQueued(1);
		var refusedNormal = send("GET", "/api/v1/trips/" + TRIP + "/seats").get(10, TimeUnit.SECONDS);
		assertThat(refusedNormal.statusCode()).isEqualTo(503);
		assertThat(refusedNormal.body()).contains("sheds normal requests");

		// a critical request joins however long the queue, and leaves it first
		var waitingCritical = send("POST", "/api/v1/trips/" + TRIP + "/join-requests");
		awaitQueued(2);
		permits.release();
		assertThat(awaitArrival()).isEqualTo("POST /api/v1/trips/" + TRIP + "/join-requests");
		permits.release();
		assertThat(awaitArrival()).isEqualTo("GET /api/v1/trips/" + TRIP);

		// with no slot freed within the queue's timeout, the edge answers even a critical request itself
		var started = System.nanoTime();
		var timedOut = send("POST", "/api/v1/auth/login").get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
		assertThat(timedOut.statusCode()).isEqualTo(503);
		assertThat(timedOut.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(timedOut.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(timedOut.body()).contains("\"type\":\"https://yuelv.app/problems/overloaded\"")
				.contains("sheds critical requests").contains("\"traceId\":\"");

		permits.release(10);
		for (var response : List.of(held.get(0), held.get(1), waitingNormal, waitingCritical)) {
			assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		permits.release();
		assertThat(send("GET", "/api/v1/trips").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void aDeploymentThatCannotBeReachedIsAnUnavailableProblem() throws Exception {
		deployment.stop(0);
		var types = new ArrayList<String>();
		for (var path : List.of("/api/v1/trips", "/api/v1/join-requests", "/api/v1/trips")) {
			var response = send("GET", path).get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			types.add(response.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1"));
		}
		// the first failed connection marks the replica down; from then on the edge knows it is unreachable
		assertThat(types.getLast()).isEqualTo("https://yuelv.app/problems/unavailable");
		assertThat(send("GET", "/api/v1/trips").get(10, TimeUnit.SECONDS).body()).contains("cannot be reached");
	}

	@Test
	void whatTheEdgeAnswersItselfIsAProblemOfTheApi() throws Exception {
		var unknown = send("GET", "/actuator/env").get(10, TimeUnit.SECONDS);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(unknown.body()).contains("\"type\":\"https://yuelv.app/problems/not-found\"")
				.contains("\"traceId\":\"" + unknown.headers().firstValue("X-Request-Id").orElseThrow() + "\"");

		var tooLarge = send("POST", "/api/v1/moments", "x".repeat(3 * 1024 * 1024)).get(10, TimeUnit.SECONDS);
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(tooLarge.body()).contains("\"type\":\"https://yuelv.app/problems/payload-too-large\"")
				.contains("65536 bytes");
		// an upload takes the application's larger limit for it, and is refused past that
		var photo = send("POST", "/api/v1/photos", "x".repeat(11 * 1024 * 1024)).get(10, TimeUnit.SECONDS);
		assertThat(photo.statusCode()).isEqualTo(413);
		assertThat(photo.body()).contains("The file is larger than the 10485760 bytes");
		for (var response : List.of(unknown, tooLarge, photo)) {
			assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("Server"));
		}
		assertThat(arrivals).isEmpty();

		// a request HAProxy cannot parse gets its own short page, which names no server or version
		try (var socket = new Socket("127.0.0.1", edgePort)) {
			socket.getOutputStream().write("GET /api/v1/trips HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContainIgnoringCase("haproxy")
					.doesNotContainIgnoringCase("server:");
		}
	}

	@Test
	void everyRequestGoesOnWithItsIdItsTraceAndTheClientsAddress() throws Exception {
		permits.release(2);
		var fresh = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort + "/api/v1/feed"))
				.header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
		var id = fresh.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(id).matches("[0-9a-f]{32}");
		var seen = headersByPath.get("/api/v1/feed");
		assertThat(seen.get("X-request-id")).containsExactly(id);
		assertThat(seen.get("Traceparent")).singleElement().asString().matches("00-" + id + "-[0-9a-f]{16}-0[01]");
		// the client's own claim stays left of the address the edge saw, which the application's trusted-proxy rule
		// reads from the right
		assertThat(String.join(",", seen.get("X-forwarded-for")).replace(" ", "")).isEqualTo("203.0.113.9,127.0.0.1");

		var traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		var traced = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort + "/api/v1/inbox"))
				.header("traceparent", traceparent).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(traced.headers().firstValue("X-Request-Id")).hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(headersByPath.get("/api/v1/inbox").get("Traceparent")).containsExactly(traceparent);
	}

	@Test
	void theEdgeKeepsPublicReadsForAsLongAsTheirAnswersSayAndNothingElse() throws Exception {
		// as the application says it (Freshness): HAProxy 2.6 reads two bytes past a max-age that ends the header,
		// and takes whatever digits follow in its buffer for more of the number
		var kept = "&cache=public,max-age=2,stale-while-revalidate=0";
		var kyoto = "/api/v1/nearby-trips?latitude=35&longitude=135" + kept;
		var first = send("GET", kyoto).get(10, TimeUnit.SECONDS);
		var second = send("GET", kyoto).get(10, TimeUnit.SECONDS);
		assertThat(first.body()).isEqualTo("{\"answer\":1}");
		assertThat(first.headers().firstValue("X-Yuelv-Edge-Cache")).hasValue("MISS");
		assertThat(second.body()).isEqualTo("{\"answer\":1}");
		assertThat(second.headers().firstValue("X-Yuelv-Edge-Cache")).hasValue("HIT");
		// another query is another answer
		var lhasa = "/api/v1/nearby-trips?latitude=29&longitude=91" + kept;
		assertThat(send("GET", lhasa).get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"answer\":2}");
		// once the answer's max-age has passed, the deployment is asked again (HAProxy counts whole seconds)
		Thread.sleep(2_000);
		var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		var again = send("GET", kyoto).get(10, TimeUnit.SECONDS);
		while (!"MISS".equals(again.headers().firstValue("X-Yuelv-Edge-Cache").orElse(""))
				&& System.nanoTime() < deadline) {
			Thread.sleep(100);
			again = send("GET", kyoto).get(10, TimeUnit.SECONDS);
		}
		assertThat(again.headers().firstValue("X-Yuelv-Edge-Cache")).as("%s", again.headers().map()).hasValue("MISS");
		assertThat(again.body()).isEqualTo("{\"answer\":3}");

		// an answer that may not be kept is fetched every time
		var distance = "/api/v1/places/distance?from=35,135&to=29,91&cache=no-store";
		for (var round = 1; round <= 2; round++) {
			assertThat(send("GET", distance).get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"answer\":" + round + "}");
		}
		// and so is any request that is not a public read, whatever its answer says
		for (var round = 1; round <= 2; round++) {
			var moment = send("GET", "/api/v1/moments/0c7a3b5e?" + kept.substring(1)).get(10, TimeUnit.SECONDS);
			assertThat(moment.body()).isEqualTo("{\"answer\":" + round + "}");
			assertThat(moment.headers().firstValue("X-Yuelv-Edge-Cache")).hasValue("BYPASS");
		}
	}

	private void answerAtOnce(HttpExchange exchange) throws IOException {
		var query = exchange.getRequestURI().getQuery();
		var cache = query.substring(query.indexOf("cache=") + "cache=".length());
		var count = answers.computeIfAbsent(exchange.getRequestURI().getPath(), path -> new AtomicInteger())
				.incrementAndGet();
		answer(exchange, 200, "{\"answer\":" + count + "}", cache);
	}

	private static void answer(HttpExchange exchange, int status, String text, String cache) throws IOException {
		var body = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Cache-Control", cache);
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private CompletableFuture<HttpResponse<String>> send(String method, String path) {
		return send(method, path, "{}");
	}

	private CompletableFuture<HttpResponse<String>> send(String method, String path, String body) {
		var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort + path))
				.timeout(Duration.ofSeconds(20))
				// a large body is sent only once the edge has not refused it by its length
				.expectContinue(body.length() > 65_536)
				.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString(body)
						: HttpRequest.BodyPublishers.noBody())
				.build();
		return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	private String awaitArrival() throws InterruptedException, IOException {
		var arrival = arrivals.poll(10, TimeUnit.SECONDS);
		assertThat(arrival).as("a request at the deployment; haproxy: %s", edge.output()).isNotNull();
		return arrival;
	}

	/** Waits until the deployment's queue at the edge holds as many requests, as HAProxy's statistics say. */
	private void awaitQueued(int count) throws Exception {
		var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		var queued = -1;
		while (queued != count && System.nanoTime() < deadline) {
			Thread.sleep(20);
			queued = queued();
		}
		assertThat(queued).as("requests waiting at the edge").isEqualTo(count);
		assertThat(arrivals).as("none of them at the deployment").isEmpty();
	}

	/** The current queue of the backend, the third column of its line in {@code show stat}. */
	private int queued() throws IOException {
		try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(edge.statistics()))) {
			channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
			var stats = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.US_ASCII);
			return stats.lines().filter(line -> line.startsWith("yuelv,BACKEND,")).findFirst()
					.map(line -> Integer.parseInt(line.split(",")[2])).orElseThrow();
		}
	}
}
