package com.yuelv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/local/split.sh} driven from a test: the deployments run on this build's classes, in a run directory
 * of the test's own, with the arguments the test adds to every deployment.
 */
final class LocalSplitRun {

	private final Path run;
	private final String arguments;

	LocalSplitRun(String name, String arguments) {
		this.run = Path.of("target", name).toAbsolutePath();
		this.arguments = arguments;
	}

	Path directory() {
		return run;
	}

	/** Runs {@code split.sh} with the given action and arguments, failing with its output when it fails. */
	void script(String... action) throws IOException, InterruptedException {
		var command = new ArrayList<>(List.of("bash", "deploy/local/split.sh"));
		command.addAll(List.of(action));
		var log = run.resolveSibling(run.getFileName() + "-" + action[0] + ".log");
		Files.createDirectories(run.getParent());
		var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("YUELV_SPLIT_RUN", run.toString());
		builder.environment().put("YUELV_SPLIT_CLASSPATH", System.getProperty("surefire.test.class.path",
				System.getProperty("java.class.path")));
		builder.environment().put("YUELV_SPLIT_ARGS", arguments);
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
