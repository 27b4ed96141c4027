package com.yuelv.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * A run that handles a person's graded data, rightly and wrongly (a failed login, a profile refused for each field, a
 * moment with a place, a bad place), logs none of it and answers no problem that repeats it: the log lines of the
 * run and the problems' bodies are searched for every value the person typed.
 */
@EmbeddedModeTest
@ExtendWith(OutputCaptureExtension.class)
class GradedDataOutOfLogsTests extends ApiTestSupport {

	@org.springframework.beans.factory.annotation.Autowired com.yuelv.shared.ErasedPeople erased;

	@Test
	void noLogLineAndNoProblemRepeatsGradedData(CapturedOutput output) {
		var email = "li.na-" + UUID.randomUUID().toString().substring(0, 8) + "@yuelv.test";
		var name = "李娜 Lina" + UUID.randomUUID().toString().substring(0, 4);
		var city = "苏州 Suzhou" + UUID.randomUUID().toString().substring(0, 4);
		var place = "拙政园 Humble Garden" + UUID.randomUUID().toString().substring(0, 4);
		var problems = new ArrayList<Api.Response>();

		problems.add(api.post("/api/v1/auth/register",
				Map.of("email", email, "password", "short", "displayName", name), null));
		var person = api.register(email, name);
		problems.add(api.post("/api/v1/auth/register",
				Map.of("email", email, "password", Api.PASSWORD, "displayName", name), null));
		problems.add(api.post("/api/v1/auth/login", Map.of("email", email, "password", "not the passphrase"), null));
		problems.add(api.post("/api/v1/auth/login", Map.of("email", email.toUpperCase(), "password", "nope"), null));
		problems.add(api.put("/api/v1/me/profile", Map.of("displayName", name + "\u202Eevil", "homeCity", city,
				"languages", List.of(), "interests", List.of()), person.accessToken()));
		problems.add(api.put("/api/v1/me/profile", Map.of("displayName", name, "homeCity", city.repeat(20),
				"languages", List.of(), "interests", List.of()), person.accessToken()));
		api.put("/api/v1/me/profile", Map.of("displayName", name, "homeCity", city, "languages", List.of(),
				"interests", List.of()), person.accessToken());
		problems.add(api.post("/api/v1/moments", Map.of("text", "园林", "visibility", "PUBLIC", "place",
				Map.of("name", place, "latitude", 95.0, "longitude", 120.6)), person.accessToken()));
		var moment = api.post("/api/v1/moments", Map.of("text", "园林", "visibility", "PUBLIC", "place",
				Map.of("name", place, "latitude", 31.3242, "longitude", 120.6289)), person.accessToken());
		assertThat(moment.status()).isEqualTo(201);
		assertThat(api.get("/api/v1/me", person.accessToken()).string("$.profile.homeCity")).isEqualTo(city);

		for (var problem : problems) {
			assertThat(problem.status()).as(problem.body()).isBetween(400, 499);
			assertThat(problem.body()).doesNotContain(email).doesNotContainIgnoringCase(email.toUpperCase())
				.doesNotContain(name).doesNotContain(city).doesNotContain(place);
		}
		// the run's log lines are there to search: the audit's line of the failed login names the account, by its
		// pseudonym
		assertThat(output.getAll()).contains("login-failed by anonymous on account:"
				+ erased.pseudonymOf(new com.yuelv.shared.UserId(person.id())).value());
		assertThat(output.getAll()).doesNotContainIgnoringCase(email).doesNotContain(name).doesNotContain(city)
			.doesNotContain(place).doesNotContain("31.3242").doesNotContain("120.6289");
	}
}
