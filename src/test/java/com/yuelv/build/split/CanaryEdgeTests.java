package com.yuelv.build.split;

import com.yuelv.platform.deployment.PlaceableModules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * A deployment with a canary behind the generated edge, run by HAProxy in front of two stand-ins that answer with
 * their side: the canary's header forces a side; anonymous travellers reach the canary in the share of its weight, and
 * each keeps its side through the cookie the edge sets; a signed-in traveller keeps the side of the account.
 */
class CanaryEdgeTests {

	private static final int WEIGHT = 10;
	private static final int FIRST_PORT = 20_000;

	@TempDir
	Path dir;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	private HttpServer stable;
	private HttpServer canary;
	private RunningEdge edge;

	@BeforeEach
	void start() throws Exception {
		stable = standIn("stable");
		canary = standIn("canary");
		var resources = new Topology.Resources(new Topology.Quantities("250m", "512Mi"),
				new Topology.Quantities("1", "1Gi"), "640Mi");
		var topology = new Topology("canary", List.of(new Topology.Deployment("yuelv", PlaceableModules.all()
				.stream().sorted().toList(), new Topology.Replicas(1, 4), resources, 70, new TreeMap<>(),
				Topology.EdgeLimits.DEFAULT, Optional.of(new Topology.Canary("0.2.0", WEIGHT)))), FIRST_PORT);
		var configuration = EdgeGateway.configuration(topology, EdgeRoutes.of(topology, Endpoints.of("com.yuelv")),
				EdgePriorities.of(Endpoints.operations("com.yuelv")), Endpoints.specials("com.yuelv"),
				EdgeGateway.Shape.LOCAL);
		assertThat(configuration).contains("server yuelv 127.0.0.1:" + FIRST_PORT + "\n")
				.contains("server yuelv-canary 127.0.0.1:" + (FIRST_PORT + 1) + "\n");
		edge = RunningEdge.start(dir, configuration
				.replace("127.0.0.1:" + FIRST_PORT + "\n", "127.0.0.1:" + stable.getAddress().getPort() + "\n")
				.replace("127.0.0.1:" + (FIRST_PORT + 1) + "\n", "127.0.0.1:" + canary.getAddress().getPort() + "\n"));
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (edge != null) {
			edge.close();
		}
		stable.stop(0);
		canary.stop(0);
	}

	@Test
	void theHeaderForcesASide() throws Exception {
		for (int i = 0; i < 50; i++) {
			assertThat(side(get("/api/v1/trips").header("X-Yuelv-Canary", "always"))).isEqualTo("canary");
			assertThat(side(get("/api/v1/me").header("X-Yuelv-Canary", "always"))).isEqualTo("canary");
			assertThat(side(get("/api/v1/trips").header("X-Yuelv-Canary", "never"))).isEqualTo("stable");
		}
	}

	@Test
	void anonymousTravellersReachTheCanaryInTheShareOfItsWeightAndKeepTheirSide() throws Exception {
		var onCanary = 0;
		var cookies = new java.util.ArrayList<String>();
		for (int i = 0; i < 2_000; i++) {
			var response = client.send(get("/api/v1/trips").build(), HttpResponse.BodyHandlers.ofString());
			if (response.body().equals("canary")) {
				onCanary++;
			}
			var cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
			assertThat(cookie).startsWith("yuelv-canary=").contains("HttpOnly", "Secure", "SameSite=Lax")
					.doesNotContain("Max-Age", "Expires");
			if (i < 40) {
				cookies.add(cookie.substring(0, cookie.indexOf(';')) + "|" + response.body());
			}
		}
		assertThat(onCanary / 20.0).as("percent on the canary").isBetween(WEIGHT - 3.0, WEIGHT + 3.0);
		// the cookie keeps each one on the side of the first answer, and the edge sets it once
		for (var kept : cookies) {
			var cookie = kept.substring(0, kept.indexOf('|'));
			for (int i = 0; i < 5; i++) {
				var response = client.send(get("/api/v1/search/trips").header("Cookie", cookie).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.body()).as(cookie).isEqualTo(kept.substring(kept.indexOf('|') + 1));
				assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
			}
		}
	}

	@Test
	void aSignedInTravellerKeepsTheSideOfTheAccount() throws Exception {
		var sides = new HashSet<String>();
		for (int account = 0; account < 200; account++) {
			var token = token("0c7a3b5e-0000-4000-8000-" + "%012d".formatted(account));
			var first = side(get("/api/v1/me").header("Authorization", "Bearer " + token));
			sides.add(first);
			for (int i = 0; i < 5; i++) {
				// a new token of the same account (after a refresh) is the same side
				var again = token("0c7a3b5e-0000-4000-8000-" + "%012d".formatted(account)) + i;
				assertThat(side(get("/api/v1/trips").header("Authorization", "Bearer " + again))).isEqualTo(first);
			}
		}
		assertThat(sides).containsExactlyInAnyOrder("stable", "canary");
	}

	private HttpServer standIn(String side) throws Exception {
		return RunningEdge.standIn(exchange -> side);
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path));
	}

	private String side(HttpRequest.Builder request) throws Exception {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	/** A token as the application's look: a JWT whose subject is the account (the edge reads it, never checks it). */
	private static String token(String account) {
		var encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(("{\"sub\":\"" + account + "\",\"jti\":\"" + System.nanoTime() + "\"}")
						.getBytes(StandardCharsets.UTF_8))
				+ ".c2lnbmF0dXJl";
	}
}
