package com.yuelv.build.split;

import com.yuelv.platform.deployment.PlaceableModules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
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
 * The generated local edge, run by nginx in front of a stand-in deployment that holds every request until told: with
 * the normal cap full the edge answers the next normal request itself, with the application's 503 problem and
 * {@code Retry-After}, and never lets it through; sheddable and critical requests have caps of their own, so that
 * critical ones still pass when the others are full; the refusals leave the error log alone; once requests finish,
 * their room is free again; a deployment that is down is told apart; and the edge keeps the answers of public reads
 * for as long as they say, and nothing else.
 */
class LocalEdgeTests {

	@TempDir
	Path dir;

	private HttpServer deployment;
	private Process nginx;
	private final CountDownLatch release = new CountDownLatch(1);
	private final Semaphore arrived = new Semaphore(0);
	private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
	private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	private int edgePort;

	@BeforeEach
	void start() throws Exception {
		deployment = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		deployment.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		deployment.createContext("/", exchange -> {
			seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
			arrived.release();
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			var body = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
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
				new Topology.EdgeLimits(3, 2, 1))));
		edgePort = freePort();
		var edge = ManifestWriter.nginx(topology, EdgeRoutes.of(topology, Endpoints.of("com.yuelv")),
				EdgePriorities.of(Endpoints.operations("com.yuelv")))
				.replace("listen " + ManifestWriter.LOCAL_EDGE_PORT + ";", "listen 127.0.0.1:" + edgePort + ";")
				.replace("server 127.0.0.1:" + (ManifestWriter.LOCAL_EDGE_PORT + 1),
						"server 127.0.0.1:" + deployment.getAddress().getPort());
		Files.writeString(dir.resolve("edge.conf"), edge);
		// nginx's workers run as another user when the tests run as root: they keep the edge's cache below this
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.writeString(dir.resolve("nginx.conf"), """
				worker_processes 1;
				daemon off;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log;
				events { worker_connections 256; }
				http {
				    access_log off;
				    client_body_temp_path %1$s/body;
				    proxy_temp_path %1$s/proxy;
				    include %1$s/edge.conf;
				}
				""".formatted(dir));
		nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
				.redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
		var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!listening(edgePort)) {
			assertThat(nginx.isAlive()).as("nginx: %s", Files.readString(dir.resolve("nginx.out"))).isTrue();
			assertThat(System.nanoTime()).as("nginx listening").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@AfterEach
	void stop() throws InterruptedException {
		release.countDown();
		if (nginx != null) {
			nginx.destroy();
			nginx.waitFor(10, TimeUnit.SECONDS);
		}
		if (deployment != null) {
			deployment.stop(0);
		}
	}

	@Test
	void theEdgeAnswersWhatFindsNoRoomUnderTheCapOfItsClass() throws Exception {
		var held = new ArrayList<CompletableFuture<HttpResponse<String>>>();
		held.add(send("GET", "/api/v1/trips"));
		held.add(send("GET", "/api/v1/search/trips?q=kyoto"));
		awaitArrivals(2);

		var refused = send("GET", "/api/v1/trips/0c7a3b5e-0000-4000-8000-000000000001").get(10, TimeUnit.SECONDS);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.body()).contains("\"type\":\"https://yuelv.app/problems/overloaded\"")
				.contains("sheds normal requests");

		held.add(send("GET", "/api/v1/inbox"));
		awaitArrivals(1);
		var shed = send("GET", "/api/v1/places?prefix=kyo").get(10, TimeUnit.SECONDS);
		assertThat(shed.statusCode()).isEqualTo(503);
		assertThat(shed.body()).contains("sheds sheddable requests");

		// critical requests have room of their own: with every other class full they still reach the deployment
		held.add(send("POST", "/api/v1/trips/0c7a3b5e-0000-4000-8000-000000000001/join-requests"));
		held.add(send("GET", "/api/v1/join-requests"));
		held.add(send("POST", "/api/v1/auth/login"));
		awaitArrivals(3);
		var critical = send("POST", "/api/v1/auth/refresh").get(10, TimeUnit.SECONDS);
		assertThat(critical.statusCode()).isEqualTo(503);
		assertThat(critical.body()).contains("sheds critical requests");
		assertThat(seen).containsExactlyInAnyOrder("GET /api/v1/trips", "GET /api/v1/search/trips",
				"GET /api/v1/inbox", "POST /api/v1/trips/0c7a3b5e-0000-4000-8000-000000000001/join-requests",
				"GET /api/v1/join-requests", "POST /api/v1/auth/login");
		// in a surge there are thousands of refusals a second: none of them is written to the error log
		var log = dir.resolve("error.log");
		assertThat(Files.exists(log) ? Files.readString(log) : "").doesNotContain("[error]", "limiting");

		release.countDown();
		for (var response : held) {
			assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		assertThat(send("GET", "/api/v1/trips").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void aDeploymentThatCannotBeReachedIsAnUnavailableProblemNotAnOverload() throws Exception {
		deployment.stop(0);
		for (var path : List.of("/api/v1/trips", "/api/v1/join-requests", "/api/v1/trips")) {
			var response = send("GET", path).get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.body()).contains("\"type\":\"https://yuelv.app/problems/unavailable\"")
					.contains("cannot be reached");
		}
	}

	@Test
	void theEdgeKeepsPublicReadsForAsLongAsTheirAnswersSayAndNothingElse() throws Exception {
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
		// once the answer's max-age has passed, the deployment is asked again
		Thread.sleep(3_000);
		assertThat(send("GET", kyoto).get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"answer\":3}");

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
		var body = ("{\"answer\":" + count + "}").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Cache-Control", cache);
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private CompletableFuture<HttpResponse<String>> send(String method, String path) {
		var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort + path))
				.timeout(Duration.ofSeconds(20))
				.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
						: HttpRequest.BodyPublishers.noBody())
				.build();
		return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	private void awaitArrivals(int count) throws InterruptedException, IOException {
		var log = dir.resolve("error.log");
		assertThat(arrived.tryAcquire(count, 10, TimeUnit.SECONDS)).as("%d requests at the deployment; nginx: %s",
				count, Files.exists(log) ? Files.readString(log) : "").isTrue();
	}

	private static boolean listening(int port) {
		try (var socket = new java.net.Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
