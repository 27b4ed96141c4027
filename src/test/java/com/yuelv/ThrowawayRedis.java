package com.yuelv;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A Redis server of the test's own, started from the machine's {@code redis-server} on a free port and keeping
 * nothing on disk: what a test stops and starts again to see Redis go down and come back empty, which the shared
 * server must not.
 */
public final class ThrowawayRedis implements AutoCloseable {

	private final int port;
	private Process process;

	private ThrowawayRedis(int port) throws IOException, InterruptedException {
		this.port = port;
		this.process = launch();
	}

	public static ThrowawayRedis start() throws IOException, InterruptedException {
		int port;
		try (var socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return new ThrowawayRedis(port);
	}

	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	public int port() {
		return port;
	}

	/** Stops the server: every connection to it fails until it is started again, empty. */
	public void stop() throws InterruptedException {
		process.destroy();
		process.waitFor();
	}

	/** Starts the server again on the same port, holding nothing. */
	public void restart() throws IOException, InterruptedException {
		stop();
		process = launch();
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private Process launch() throws IOException, InterruptedException {
		var started = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		var deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(deadline)) {
			if (answersPing()) {
				return started;
			}
			Thread.sleep(50);
		}
		started.destroyForcibly();
		throw new IllegalStateException("redis-server did not start on port " + port);
	}

	private boolean answersPing() {
		try (var socket = new Socket("127.0.0.1", port)) {
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			var reply = new byte[7];
			return socket.getInputStream().read(reply) > 0
					&& new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException notYet) {
			return false;
		}
	}
}
