package com.yuelv;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.FileSystemUtils;

import com.yuelv.build.split.PeerGrants;
import com.yuelv.shared.TokenRevocations;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.BenchmarkTrips;
import com.yuelv.trip.TripId;

import tools.jackson.databind.json.JsonMapper;

/**
 * One cross-module call, {@code TripApi.find} of a published trip: in process (the trip module's own bean), and over
 * HTTP, the search deployment's client in this JVM against the trips deployment (trip, booking, geo) in a process of
 * its own, embedded databases. Run with {@code bench/jmh.sh CrossModuleCallBenchmark}; with {@code PEER_CPUS=1} the
 * trips process runs on core 1, and {@code taskset -c 0 bench/jmh.sh ...} keeps the caller on core 0;
 * {@code PEER_JAVA_OPTIONS} are the trips process's JVM options (a flight recording, say).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class CrossModuleCallBenchmark {

	/** Every module; a deployment is told that the ones it does not run answer nowhere, unless named otherwise. */
	private static final List<String> MODULES = List.of("booking", "content", "demo", "feed", "geo", "identity",
			"media", "notification", "payment", "search", "social", "trip");

	static List<String> arguments(Path dir, String modules, String port, Map<String, String> peers) {
		var args = new ArrayList<>(List.of("--yuelv.data-dir=" + dir.resolve(modules.replace(',', '-')),
				"--yuelv.jwt.key-file=" + dir.resolve("jwt.pem"), "--server.port=" + port, "--logging.level.root=WARN",
				"--yuelv.split.deployment=" + modules.replace(',', '-'),
				"--yuelv.split.identity.peer-keys=" + dir.resolve("peer-keys"),
				"--yuelv.rate-limits.enabled=false", "--yuelv.overload.enabled=false",
				"--yuelv.split.modules=" + modules));
		var local = List.of(modules.split(","));
		// the two deployments of the benchmark, and what the search one may call of the trips one
		args.addAll(PeerGrants.arguments(Map.of("trip-booking-geo", List.of("trip", "booking", "geo"), "search",
				List.of("search")), modules.replace(',', '-')));
		MODULES.stream().filter(module -> !local.contains(module)).forEach(module -> args
				.add("--yuelv.split.peers.%s=%s".formatted(module, peers.getOrDefault(module, "http://localhost:9"))));
		return args;
	}

	/** A trip API to call, and the published trips it knows. */
	abstract static class Calls {

		Path dir;
		TripApi trip;
		final List<TripId> ids = new ArrayList<>();
	}

	/** The trip module in this JVM. */
	@State(Scope.Benchmark)
	public static class InProcess extends Calls {

		ConfigurableApplicationContext trips;

		@Setup(Level.Trial)
		public void start() throws IOException {
			dir = Files.createTempDirectory("yuelv-bench-local");
			trips = new SpringApplicationBuilder(YuelvApplication.class)
					.run(arguments(dir, "trip,booking,geo", "0", Map.of()).toArray(String[]::new));
			trip = trips.getBean(TripApi.class);
			var organizer = UserId.random();
			var start = LocalDate.now().plusDays(30);
			for (int i = 0; i < 200; i++) {
				var id = trip.draft(organizer, BenchmarkTrips.draft(i, start));
				trip.publish(organizer, id);
				ids.add(id);
			}
		}

		@TearDown(Level.Trial)
		public void stop() throws IOException {
			trips.close();
			FileSystemUtils.deleteRecursively(dir);
		}
	}

	/** The trips deployment in a process of its own, called by the search deployment's client in this JVM. */
	@State(Scope.Benchmark)
	public static class OverHttp extends Calls {

		Process trips;
		ConfigurableApplicationContext search;

		@Setup(Level.Trial)
		public void start() throws Exception {
			dir = Files.createTempDirectory("yuelv-bench-split");
			int port;
			try (var socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			var command = new ArrayList<String>();
			var cpus = System.getenv("PEER_CPUS");
			if (cpus != null && !cpus.isBlank()) {
				command.addAll(List.of("taskset", "-c", cpus));
			}
			command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xms512m", "-Xmx512m"));
			var options = System.getenv("PEER_JAVA_OPTIONS");
			if (options != null && !options.isBlank()) {
				command.addAll(List.of(options.strip().split("\\s+")));
			}
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), YuelvApplication.class.getName()));
			command.addAll(arguments(dir, "trip,booking,geo", String.valueOf(port), Map.of()));
			trips = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(dir.resolve("trips.log").toFile()).start();
			try {
				var base = "http://localhost:" + port;
				var http = HttpClient.newHttpClient();
				awaitReady(http, base);
				search = new SpringApplicationBuilder(YuelvApplication.class).run(arguments(dir, "search", "0",
						Map.of("trip", base)).toArray(String[]::new));
				trip = search.getBean(TripApi.class);
				publishTrips(http, base);
				awaitQuiet();
			}
			catch (Exception | Error e) {
				stop();
				throw e;
			}
		}

		/** Until this JVM has indexed the published trips: less than a tenth of a core busy over two seconds. */
		private static void awaitQuiet() throws InterruptedException {
			var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
			var deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			var quiet = 0;
			while (quiet < 2 && System.nanoTime() < deadline) {
				var before = os.getProcessCpuTime();
				Thread.sleep(1000);
				quiet = os.getProcessCpuTime() - before < TimeUnit.MILLISECONDS.toNanos(100) ? quiet + 1 : 0;
			}
		}

		private void awaitReady(HttpClient http, String base) throws Exception {
			var deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
			while (System.nanoTime() < deadline) {
				if (!trips.isAlive()) {
					throw new IllegalStateException("The trips process ended; see " + dir.resolve("trips.log"));
				}
				try {
					var answer = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
							.build(), HttpResponse.BodyHandlers.ofString());
					if (answer.statusCode() == 200) {
						return;
					}
				}
				catch (IOException notYet) {
					// still starting
				}
				Thread.sleep(200);
			}
			throw new IllegalStateException("The trips process did not become ready; see " + dir.resolve("trips.log"));
		}

		private void publishTrips(HttpClient http, String base) throws Exception {
			var json = JsonMapper.builder().build();
			// the trips deployment does not run identity: the organizer's token is signed with the key both share
			var now = Instant.now();
			var claims = JwtClaimsSet.builder().issuer(search.getEnvironment().getRequiredProperty("yuelv.jwt.issuer"))
					.subject(UserId.random().toString()).id(UUID.randomUUID().toString()).issuedAt(now)
					.expiresAt(now.plus(Duration.ofHours(1))).claim("roles", List.of("TRAVELER"))
					.claim(TokenRevocations.SESSION_CLAIM, UUID.randomUUID().toString())
					.claim(TokenRevocations.GENERATION_CLAIM, 0).build();
			var token = search.getBean(JwtEncoder.class).encode(JwtEncoderParameters
					.from(JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build(), claims)).getTokenValue();
			var start = LocalDate.now().plusDays(30);
			for (int i = 0; i < 200; i++) {
				var draft = Map.of("title", Map.of("zh", "基准行程 " + i, "en", "Benchmark trip " + i), "description",
						Map.of("zh", "说明".repeat(50)), "destination", "杭州", "startDate", start.toString(), "endDate",
						start.plusDays(3).toString(), "stops", List.of(
								Map.of("placeName", "西湖", "latitude", 30.25, "longitude", 120.15, "day", 1),
								Map.of("placeName", "灵隐寺", "latitude", 30.24, "longitude", 120.1, "day", 2)),
						"seats", 6, "budget", Map.of("amount", 2000, "currency", "CNY"), "languages", List.of("zh", "en"),
						"tags", List.of("food", "tea"));
				var id = json.readTree(send(http, base + "/api/v1/trips", token, json.writeValueAsString(draft)))
						.path("id").asString();
				send(http, base + "/api/v1/trips/" + id + "/publication", token, "{}");
				ids.add(new TripId(java.util.UUID.fromString(id)));
			}
		}

		private static String send(HttpClient http, String url, String token, String body) throws Exception {
			var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body));
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			var answer = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() >= 300) {
				throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
			}
			return answer.body();
		}

		@TearDown(Level.Trial)
		public void stop() throws Exception {
			if (search != null) {
				search.close();
			}
			trips.destroy();
			trips.waitFor(30, TimeUnit.SECONDS);
			FileSystemUtils.deleteRecursively(dir);
		}
	}

	private static TripId any(List<TripId> ids) {
		return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
	}

	@Benchmark
	public TripDetails inProcess(InProcess state) {
		return state.trip.find(any(state.ids)).orElseThrow();
	}

	@Benchmark
	public TripDetails overHttp(OverHttp state) {
		return state.trip.find(any(state.ids)).orElseThrow();
	}
}
