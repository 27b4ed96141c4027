package com.yuelv.build.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The alerting and recording rules of {@code deploy/prometheus} with Prometheus's own tool: they load
 * ({@code promtool check rules}), and their unit tests on synthetic series pass ({@code promtool test rules}): each
 * alert fires when it should, with its labels, and stays quiet when it should not.
 */
class PrometheusRulesTests {

	private static String promtool(String... arguments) throws IOException, InterruptedException {
		var command = new java.util.ArrayList<>(List.of("promtool"));
		command.addAll(List.of(arguments));
		Process process;
		try {
			process = new ProcessBuilder(command).directory(new java.io.File("deploy/prometheus"))
					.redirectErrorStream(true).start();
		}
		catch (IOException e) {
			throw new AssertionError("promtool is missing: deploy/local/tools.sh installs Debian's prometheus", e);
		}
		var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool %s", String.join(" ", arguments)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	@Test
	void theRulesLoad() throws Exception {
		assertThat(promtool("check", "rules", "rules.yml")).contains("SUCCESS");
	}

	@Test
	void theAlertsFireWhenTheyShouldAndOnlyThen() throws Exception {
		assertThat(promtool("test", "rules", "rules-tests.yml")).contains("SUCCESS");
	}
}
