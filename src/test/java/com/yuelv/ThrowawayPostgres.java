package com.yuelv;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own, made with the machine's PostgreSQL programs in a temporary directory, for
 * what the shared server cannot be asked to do (here: {@code wal_level=logical}, which needs a restart). Made as the
 * {@code postgres} user when the tests run as root, since {@code initdb} refuses root; trusts local connections.
 */
public final class ThrowawayPostgres implements AutoCloseable {

	private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private final Path bin;
	private final Path directory;
	private final int port;

	private ThrowawayPostgres(Path bin, Path directory, int port) {
		this.bin = bin;
		this.directory = directory;
		this.port = port;
	}

	/** Makes and starts a server with the given settings ({@code name=value}). */
	public static ThrowawayPostgres start(String... settings) throws IOException, InterruptedException {
		var bin = programs();
		var directory = Files.createTempDirectory("yuelv-pg-");
		var server = new ThrowawayPostgres(bin, directory, freePort());
		if (ROOT) {
			server.run(List.of("chown", "postgres", directory.toString()));
		}
		server.run(List.of(bin.resolve("initdb").toString(), "-D", server.data(), "-A", "trust", "-U", "postgres",
				"-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
		var options = new StringBuilder("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -c fsync=off"
				.formatted(server.port, directory));
		for (var setting : settings) {
			options.append(" -c ").append(setting);
		}
		server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", server.data(), "-o", options.toString(), "-l",
				directory.resolve("log").toString(), "-w", "start"));
		return server;
	}

	public int port() {
		return port;
	}

	/** The JDBC URL of a database of this server. */
	public String url(String database) {
		return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, database);
	}

	/** A libpq connection string for a database of this server, as the superuser. */
	public String conninfo(String database) {
		return "host=127.0.0.1 port=%d dbname=%s user=postgres".formatted(port, database);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		try {
			run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
		}
		finally {
			try (var paths = Files.walk(directory)) {
				paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}
	}

	private String data() {
		return directory.resolve("data").toString();
	}

	/** Runs a command, as the {@code postgres} user when the tests run as root. */
	private void run(List<String> command) throws IOException, InterruptedException {
		var line = new ArrayList<String>();
		if (ROOT && !command.getFirst().equals("chown")) {
			line.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		line.addAll(command);
		var process = new ProcessBuilder(line).redirectErrorStream(true).start();
		var output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("%s failed:%n%s".formatted(String.join(" ", line), output));
		}
	}

	private static Path programs() throws IOException {
		try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			return versions.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve(
					"initdb"))).max(Comparator.naturalOrder()).orElseThrow(() -> new IllegalStateException(
							"No PostgreSQL server programs under /usr/lib/postgresql"));
		}
	}

	private static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
