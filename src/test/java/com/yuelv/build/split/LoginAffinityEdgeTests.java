package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import com.yuelv.platform.deployment.PlaceableModules;

/**
 * The authorization server's login page keeps an HTTP session in the replica that served it. Behind the generated
 * edge, run by HAProxy in front of two stand-in replicas of the deployment running identity, a browser whose login
 * began on one replica comes back to it with every request of the login, and the replica sees its own cookie; a
 * browser without one is balanced as any other request.
 */
class LoginAffinityEdgeTests {

	private static final int FIRST_PORT = 20_100;

	@TempDir
	Path dir;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	private final List<HttpServer> replicas = new java.util.ArrayList<>();
	private RunningEdge edge;

	@BeforeEach
	void start() throws Exception {
		var resources = new Topology.Resources(new Topology.Quantities("250m", "512Mi"),
				new Topology.Quantities("1", "1Gi"), "640Mi");
		var topology = new Topology("logins", List.of(new Topology.Deployment("yuelv", PlaceableModules.all()
				.stream().sorted().toList(), new Topology.Replicas(1, 4), resources, 70, new TreeMap<>(),
				Topology.EdgeLimits.DEFAULT, Optional.empty())), FIRST_PORT);
		var configuration = EdgeGateway.configuration(topology, EdgeRoutes.of(topology, Endpoints.of("com.yuelv")),
				EdgePriorities.of(Endpoints.operations("com.yuelv")), Endpoints.specials("com.yuelv"),
				EdgeGateway.Shape.LOCAL);
		var server = "    server yuelv 127.0.0.1:" + FIRST_PORT + "\n";
		assertThat(configuration).contains("    cookie " + EdgeGateway.LOGIN_SESSION_COOKIE + " prefix dynamic\n")
				.contains(server);
		replicas.add(replica("first"));
		replicas.add(replica("second"));
		edge = RunningEdge.start(dir, configuration.replace(server,
				"    server first 127.0.0.1:" + replicas.get(0).getAddress().getPort() + "\n"
						+ "    server second 127.0.0.1:" + replicas.get(1).getAddress().getPort() + "\n"));
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (edge != null) {
			edge.close();
		}
		replicas.forEach(replica -> replica.stop(0));
	}

	@Test
	void aLoginStaysOnTheReplicaThatHoldsItsSession() throws Exception {
		var sessions = new HashMap<String, String>();
		for (int i = 0; i < 10 && sessions.size() < 2; i++) {
			var page = client.send(get("/login").build(), HttpResponse.BodyHandlers.ofString());
			var cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
			assertThat(cookie).as("the replica's own attributes kept").contains("; Secure", "; HttpOnly");
			sessions.putIfAbsent(page.body().split("\\|")[0], cookie.substring(0, cookie.indexOf(';')));
		}
		assertThat(sessions).as("logins began on both replicas").containsOnlyKeys("first", "second");

		for (var session : sessions.entrySet()) {
			for (var path : List.of("/oauth2/authorize?client_id=web", "/login", "/oauth2/authorize?continue")) {
				var answer = client.send(get(path).header("Cookie", session.getValue()).build(),
						HttpResponse.BodyHandlers.ofString()).body().split("\\|");
				assertThat(answer[0]).as(session.getValue()).isEqualTo(session.getKey());
				assertThat(answer[1]).as("the replica sees its own cookie")
						.isEqualTo(EdgeGateway.LOGIN_SESSION_COOKIE + "=" + session.getKey() + "-session");
			}
		}
	}

	@Test
	void theCookieIsTheOneTheApplicationNames() throws Exception {
		assertThat(Files.readString(Path.of("src/main/resources/application.yaml")))
				.contains("        name: " + EdgeGateway.LOGIN_SESSION_COOKIE + "\n");
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).header("Accept",
				"text/html");
	}

	/** A replica: answers with its name and the cookie it received, and opens a session on the login page. */
	private static HttpServer replica(String name) throws Exception {
		return RunningEdge.standIn(exchange -> {
			var cookie = exchange.getRequestHeaders().getFirst("Cookie");
			if (exchange.getRequestURI().getPath().equals("/login") && cookie == null) {
				exchange.getResponseHeaders().add("Set-Cookie", EdgeGateway.LOGIN_SESSION_COOKIE + "=" + name
						+ "-session; Path=/; Secure; HttpOnly; SameSite=Lax");
			}
			return name + "|" + cookie;
		});
	}
}
