package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The README's walk-through, run as a newcomer would run it (bash, curl and jq) against a fresh application in
 * embedded mode, so that the README cannot drift from what the application answers.
 */
class WalkThroughTests {

	@TempDir Path dataDir;

	@Test
	void theReadmesWalkThroughRunsAndShowsWhatItPromises() throws Exception {
		var script = walkThrough(Files.readString(Path.of("README.md")));
		var sandbox = PaymentSandbox.get();
		try (var app = new SpringApplicationBuilder(YuelvApplication.class).run("--yuelv.data-dir=" + dataDir,
				"--server.port=0", "--yuelv.search.index-dir=" + dataDir.resolve("search"),
				"--yuelv.payment.provider-url=" + sandbox.url())) {
			var base = "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port");
			sandbox.mode("normal", 2000, base + "/api/v1/payment-provider/events");
			var process = new ProcessBuilder("bash", "-c", "set -euo pipefail\n"
					+ script.replace("http://localhost:8080", base)).redirectErrorStream(true).start();
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the walk-through finishes").isTrue();
			var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

			assertThat(process.exitValue()).as(output).isZero();
			assertThat(output).as("publication").contains("\"status\": \"PUBLISHED\"");
			assertThat(output).as("the list in Japanese").contains("京都紅葉の旅");
			assertThat(output).as("the inbox").contains("\"kind\": \"WELCOME\"", "\"kind\": \"TRIP_PUBLISHED\"");
			assertThat(output).as("search highlights").contains("\"highlights\"");
			assertThat(output).as("acceptance, paid").contains("\"ACCEPTED\"", "\"CONFIRMED\"");
			assertThat(output).as("seats").contains("\"taken\": 1");
			assertThat(output).as("places, distance and nearby trips").contains("\"distanceKm\"", "\"nearestStop\"");
			assertThat(output).doesNotContain("null/", "\"type\": \"https://yuelv.app/problems/");
		}
	}

	/** The bash block under the README's heading "Walk-through". */
	static String walkThrough(String readme) {
		var section = readme.substring(readme.indexOf("## Walk-through"));
		var start = section.indexOf("```bash\n") + "```bash\n".length();
		return section.substring(start, section.indexOf("\n```", start));
	}
}
