package com.yuelv;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real S3 API server for tests: Adobe's S3Mock, run from the JAR the build copies to {@code target/s3mock}, as a
 * process of its own on free ports, keeping its objects in a temporary directory. It checks no credentials.
 */
public final class S3Mock implements AutoCloseable {

	private final Process process;
	private final int port;
	private final Path root;

	private S3Mock(Process process, int port, Path root) {
		this.process = process;
		this.port = port;
		this.root = root;
	}

	/** Starts the server with the given buckets made. */
	public static S3Mock start(String... buckets) throws IOException, InterruptedException {
		var jar = Path.of("target", "s3mock", "s3mock.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException(jar + " is missing: the build copies it (mvn generate-test-resources)");
		}
		var http = freePort();
		var https = freePort();
		var root = Files.createTempDirectory("yuelv-s3mock-");
		var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		var process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(),
				"--server.port=" + https, "--com.adobe.testing.s3mock.http-port=" + http,
				"--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets),
				"--com.adobe.testing.s3mock.store.root=" + root, "--logging.level.root=WARN")
				.redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile())
				.start();
		var deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("S3Mock stopped at start; see " + root + ".log");
			}
			try (var socket = new Socket("127.0.0.1", http)) {
				return new S3Mock(process, http, root);
			}
			catch (IOException notYet) {
				Thread.sleep(200);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("S3Mock did not start within a minute");
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + port);
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		process.waitFor();
	}

	private static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
