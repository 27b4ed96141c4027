package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/**
 * The season change with traffic running, on the machine's PostgreSQL, Redis and RabbitMQ behind the local edge: the
 * single JAR ({@code split.sh start off-season}) moves to the peak-season split and back ({@code season.sh}) while
 * travelers register, draft, revise and publish trips, ask to join and accept, read their inboxes and search, trying
 * a 503 again after its Retry-After. Afterwards every write acknowledged to a traveler is there once, every event took
 * effect once (inbox entries, search hits, nearby trips, seats), and no traveler saw another failure. The way back
 * kills a deployment of the split with SIGKILL half-way through the move and finishes the move: nothing is lost. The
 * move times go to {@code target/season-change.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeasonChangeTests {

	/** Failed and stale publications come back within seconds here, not minutes. */
	static final LocalSplitRun RUN = new LocalSplitRun("split-run-season", "--yuelv.rate-limits.enabled=false "
			+ "--yuelv.events.retry-interval=2s --yuelv.events.retry-after=2s --yuelv.events.outstanding-after=5s "
			+ "--spring.modulith.events.staleness.published=15s --spring.modulith.events.staleness.processing=15s "
			+ "--spring.modulith.events.staleness.resubmission=15s --yuelv.search.catch-up-interval=5s");

	final List<String> report = new ArrayList<>();
	JdbcClient jdbc;

	@BeforeAll
	void start() throws Exception {
		RUN.script("stop");
		RUN.script("start", "off-season");
		jdbc = RUN.jdbc();
	}

	@AfterAll
	void stop() throws Exception {
		RUN.script("stop");
		Files.write(Path.of("target", "season-change.txt"), report);
	}

	@Test
	@Order(1)
	void movesToThePeakSeasonWithTrafficRunningLosingAndDuplicatingNothing() throws Exception {
		var load = new SeasonLoad("http://localhost:8080");
		load.start(3);
		Thread.sleep(8_000);
		report.add("to peak-season: " + season("peak-season"));
		Thread.sleep(8_000);
		load.stop();
		report.add("  requests %d, 503 answered and tried again %d, other failures %d".formatted(
				load.requestsSent.get(), load.unavailable.get(), load.failures.size()));

		assertThat(load.failures).as("failures other than a 503 tried again").isEmpty();
		assertThat(load.trips).as("trips published while moving").hasSizeGreaterThan(10);
		assertEverythingOnce(load);
	}

	/**
	 * Back to the single JAR, with the split's {@code trips} deployment killed right after the edge switched: what it
	 * had not finished (its listeners' events, the trip events it was sending to the other deployments) is delivered
	 * by the single JAR, where those listeners now run.
	 */
	@Test
	@Order(2)
	void movesBackWithASplitDeploymentKilledHalfWayLosingAndDuplicatingNothing() throws Exception {
		var load = new SeasonLoad("http://localhost:8080");
		load.start(3);
		Thread.sleep(8_000);
		var adding = System.nanoTime();
		RUN.script("add", "off-season");
		var added = Duration.ofNanos(System.nanoTime() - adding);
		RUN.script("route", "off-season");
		kill("trips");
		report.add("to off-season, trips killed after the switch: the single JAR started and ready in %.1f s; %s"
				.formatted(added.toMillis() / 1000.0, season("off-season")));
		Thread.sleep(5_000);
		load.stop();
		report.add("  requests %d, 503 answered and tried again %d, other failures %d".formatted(
				load.requestsSent.get(), load.unavailable.get(), load.failures.size()));

		assertThat(load.failures).as("failures other than a 503 tried again").isEmpty();
		assertEverythingOnce(load);
	}

	private void assertEverythingOnce(SeasonLoad load) {
		for (var traveler : load.travelers.values()) {
			assertThat(count("select count(*) from identity.accounts where id = ?", traveler.id()))
					.as("account %s", traveler.email()).isEqualTo(1);
		}
		for (var trip : load.trips.values()) {
			assertThat(count("select count(*) from trip.trips where id = ?", trip.id())).as("trip %s", trip.id())
					.isEqualTo(1);
			assertThat(jdbc.sql("select title from trip.trip_texts where trip_id = ? and language = 'zh'")
					.param(trip.id()).query(String.class).list()).as("trip %s as last acknowledged", trip.id())
					.containsExactly(trip.title());
		}
		var published = load.trips.values().stream().filter(SeasonLoad.AcknowledgedTrip::published).toList();
		for (var trip : published) {
			assertThat(count("select count(*) from trip.trips where id = ? and status = 'PUBLISHED'", trip.id()))
					.as("trip %s published", trip.id()).isEqualTo(1);
		}
		for (var request : load.requests.values()) {
			assertThat(count("select count(*) from booking.join_requests where id = ?", request.id()))
					.as("join request %s", request.id()).isEqualTo(1);
		}

		// the events' effects arrive once, wherever their listeners ran when the events were published
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			for (var trip : published) {
				assertThat(count("select count(*) from notification.inbox_entries where recipient_id = ? and kind = "
						+ "'TRIP_PUBLISHED' and subject_id = ?", trip.organizer(), trip.id()))
						.as("the organizer told once that trip %s is published", trip.id()).isEqualTo(1);
				assertThat(count("select count(*) from geo.trips where trip_id = ?", trip.id()))
						.as("trip %s among the nearby trips", trip.id()).isEqualTo(1);
			}
			for (var request : load.requests.values()) {
				if (request.status().equals("ACCEPTED")) {
					assertThat(count("select count(*) from notification.inbox_entries where recipient_id = ? and "
							+ "kind = 'JOIN_ACCEPTED' and subject_id = ?", request.traveler(), request.trip()))
							.as("traveler told once of joining trip %s", request.trip()).isEqualTo(1);
				}
			}
			for (var trip : published) {
				var accepted = load.requests.values().stream()
						.filter(request -> request.trip().equals(trip.id()) && request.status().equals("ACCEPTED"))
						.count();
				// a roster is made when the first traveler asks to join
				assertThat(count("select coalesce(sum(taken), 0) from booking.rosters where trip_id = ?", trip.id()))
						.as("seats taken on trip %s", trip.id()).isEqualTo(accepted);
			}
			assertThat(count("select count(*) from platform.event_publication where completion_date is null"))
					.as("publications left unfinished").isZero();
		});
		var search = RestClient.create("http://localhost:8080");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			for (var trip : published) {
				var hits = search.get().uri("/api/v1/search/trips?q={token}", trip.token()).retrieve()
						.body(JsonNode.class).path("items");
				assertThat(hits.size()).as("search hits for trip %s", trip.id()).isEqualTo(1);
			}
		});
	}

	private long count(String sql, Object... parameters) {
		return jdbc.sql(sql).params(parameters).query(Long.class).single();
	}

	/** Runs season.sh and returns its last line: how long each step took. */
	private String season(String topology) throws IOException, InterruptedException {
		var log = Path.of("target", "split-run-season-" + topology + ".log");
		var builder = new ProcessBuilder("bash", "deploy/local/season.sh", topology).redirectErrorStream(true)
				.redirectOutput(log.toFile());
		RUN.environment(builder.environment());
		var process = builder.start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("season.sh " + topology + " took over 5 minutes");
		}
		var output = Files.readAllLines(log);
		assertThat(process.exitValue()).as("season.sh %s:%n%s", topology, String.join("\n", output)).isZero();
		return output.getLast();
	}

	private void kill(String deployment) throws Exception {
		var pid = Long.parseLong(Files.readString(RUN.directory().resolve(deployment + ".pid")).strip());
		var process = ProcessHandle.of(pid).orElseThrow();
		new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
		process.onExit().get(30, TimeUnit.SECONDS);
	}
}
