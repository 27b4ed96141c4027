package com.yuelv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code deploy/local/split.sh} driven from a test: the deployments run on this build's classes, in a run directory
 * of the test's own, with the arguments the test adds to every deployment.
 */
final class LocalSplitRun {

	private final Path run;
	private final String arguments;
	private final boolean observed;

	LocalSplitRun(String name, String arguments) {
		this(name, arguments, false);
	}

	private LocalSplitRun(String name, String arguments, boolean observed) {
		this.run = Path.of("target", name).toAbsolutePath();
		this.arguments = arguments;
		this.observed = observed;
	}

	/** The same run with its Zipkin server and Prometheus, which the others leave out to spare the machine. */
	LocalSplitRun observed() {
		return new LocalSplitRun(run.getFileName().toString(), arguments, true);
	}

	Path directory() {
		return run;
	}

	/** The run's own database, emptied when the run starts; every deployment of every topology uses it. */
	String database() {
		return "yuelv_" + run.getFileName().toString().replace('-', '_');
	}

	/** A client of the run's database, as the superuser the tests use. */
	JdbcClient jdbc() {
		return JdbcClient.create(new DriverManagerDataSource(PostgresDatabases.url(database()), PostgresDatabases.USER,
				""));
	}

	/**
	 * What a script of {@code deploy/local} needs to run this test's deployments: the run's directory, database and
	 * arguments, this build's classes, and the JIT's first tier only, which spends less CPU compiling while several
	 * JVMs start on two cores (the tests check behaviour, not speed).
	 */
	void environment(Map<String, String> environment) {
		environment.put("YUELV_SPLIT_RUN", run.toString());
		environment.put("YUELV_SPLIT_CLASSPATH", System.getProperty("surefire.test.class.path",
				System.getProperty("java.class.path")));
		environment.put("YUELV_SPLIT_ARGS", arguments);
		environment.put("YUELV_SPLIT_DB", database());
		environment.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
		environment.put("YUELV_SPLIT_OBSERVE", observed ? "1" : "0");
	}

	/** Runs {@code split.sh} with the given action and arguments, failing with its output when it fails. */
	void script(String... action) throws IOException, InterruptedException {
		var command = new ArrayList<>(List.of("bash", "deploy/local/split.sh"));
		command.addAll(List.of(action));
		var log = run.resolveSibling(run.getFileName() + "-" + action[0] + ".log");
		Files.createDirectories(run.getParent());
		var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		environment(builder.environment());
		builder.environment().put("YUELV_SPLIT_FRESH", "1");
		var process = builder.start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("deploy/local/split.sh " + String.join(" ", action) + " took over 5 minutes");
		}
		if (process.exitValue() != 0) {
			throw new AssertionError("deploy/local/split.sh " + String.join(" ", action) + " failed:\n"
					+ Files.readString(log));
		}
	}
}
