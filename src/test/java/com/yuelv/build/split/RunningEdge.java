package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A generated edge configuration run by the machine's HAProxy on a free port of the loopback interface, with a
 * statistics socket in the directory, for the edge's tests.
 */
final class RunningEdge implements AutoCloseable {

	private final Process haproxy;
	private final Path dir;
	private final int port;

	private RunningEdge(Process haproxy, Path dir, int port) {
		this.haproxy = haproxy;
		this.dir = dir;
		this.port = port;
	}

	/** Starts HAProxy with the configuration, listening on a free port instead of the edge's, and waits for it. */
	static RunningEdge start(Path dir, String configuration) throws Exception {
		var port = freePort();
		var config = configuration
				.replace("bind :" + ManifestWriter.LOCAL_EDGE_PORT + "\n", "bind 127.0.0.1:" + port + "\n")
				.replace("global\n", "global\n    stats socket " + dir.resolve("admin.sock") + " mode 600 level admin\n");
		Files.writeString(dir.resolve("edge.cfg"), config);
		var haproxy = new ProcessBuilder("haproxy", "-db", "-f", dir.resolve("edge.cfg").toString())
				.redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.out").toFile()).start();
		var edge = new RunningEdge(haproxy, dir, port);
		var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!listening(port)) {
			assertThat(haproxy.isAlive()).as("haproxy: %s", edge.output()).isTrue();
			assertThat(System.nanoTime()).as("haproxy listening").isLessThan(deadline);
			Thread.sleep(50);
		}
		return edge;
	}

	int port() {
		return port;
	}

	Path statistics() {
		return dir.resolve("admin.sock");
	}

	String output() throws IOException {
		return Files.readString(dir.resolve("haproxy.out"));
	}

	@Override
	public void close() throws InterruptedException {
		haproxy.destroy();
		haproxy.waitFor(10, TimeUnit.SECONDS);
	}

	private static boolean listening(int port) {
		try (var socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	/**
	 * A replica behind the edge: answers every request 200 with what {@code answer} gives (it may add headers), never
	 * to be kept by a cache; the readiness probe's path answers {@code {}}.
	 */
	static HttpServer standIn(Function<HttpExchange, String> answer) throws IOException {
		var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", exchange -> {
			var body = (exchange.getRequestURI().getPath().startsWith("/actuator") ? "{}" : answer.apply(exchange))
					.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Cache-Control", "no-store");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
