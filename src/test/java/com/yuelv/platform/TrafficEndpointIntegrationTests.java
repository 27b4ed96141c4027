package com.yuelv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * The operators' traffic endpoint: it shows the limits, the concurrency limit and the breakers; a changed rate limit
 * applies to the next request and is audited with who, what and when (in the audit trail too), and a rollback to version 0 restores the
 * configuration; bad changes are 400 problems naming what is wrong; only administrators may look or change. Actuator reads the values of a request body as strings.
 */
@EmbeddedModeTest
class TrafficEndpointIntegrationTests extends ApiTestSupport {

	@org.springframework.beans.factory.annotation.Autowired com.yuelv.shared.ErasedPeople erasedPeople;

	/** An operator: a registered account whose access token carries the admin role. */
	private Operator operator() {
		var person = api.register("Traffic Operator");
		return new Operator(person.id().toString(), adminToken(person.id()));
	}

	private record Operator(String id, String accessToken) {}

	@Test
	void showsWhatProtectsTheInstance() {
		var admin = operator();
		api.get("/api/v1/search/trips?q=traffic", null);
		var traffic = api.get("/actuator/traffic", admin.accessToken());

		assertThat(traffic.status()).isEqualTo(200);
		assertThat(traffic.<Boolean>at("$.rateLimits.enabled")).isTrue();
		assertThat(traffic.<Integer>at("$.rateLimits.classes.booking.authenticated.capacity")).isEqualTo(1000000);
		assertThat(traffic.<Integer>at("$.loadShedding.limit")).isEqualTo(1000);
		assertThat(traffic.<Integer>at("$.loadShedding.admittedUpTo.sheddable")).isEqualTo(500);
		assertThat(traffic.<Integer>at("$.loadShedding.criticalWaitMillis")).isEqualTo(2000);
		assertThat(traffic.<Integer>at("$.loadShedding.maxQueueingMillis.normal")).isEqualTo(10);
		assertThat(traffic.<String>at("$.dependencies.search-index.circuit")).isEqualTo("CLOSED");
	}

	@Test
	void changesALimitAtRunTimeAndAuditsIt() {
		var admin = operator();
		try {
			var changed = api.post("/actuator/traffic/browse/anonymous", Map.of("capacity", "777", "period", "30s"),
					admin.accessToken());
			assertThat(changed.status()).as(changed.body()).isEqualTo(200);
			assertThat(changed.string("$.from")).isEqualTo("1000000 per PT1M");
			assertThat(changed.string("$.to")).isEqualTo("777 per PT30S");

			assertThat(api.get("/api/v1/places?prefix=osa", null).header("RateLimit-Limit")).isEqualTo("777");

			var recent = api.get("/actuator/traffic", admin.accessToken());
			assertThat(recent.<String>at("$.recentChanges[0].who")).isEqualTo(admin.id());
			assertThat(recent.<String>at("$.recentChanges[0].what.rateLimit")).isEqualTo("browse.anonymous");
			assertThat(recent.<String>at("$.recentChanges[0].when")).isNotBlank();
			assertThat(recent.<String>at("$.recentChanges[0].what.to")).isEqualTo("777 per PT30S");

			var audited = api.get("/actuator/audit?action=traffic-settings-changed&limit=1", admin.accessToken());
			assertThat(audited.<String>at("$.entries[0].actor")).isEqualTo("account:"
					+ erasedPeople.pseudonymOf(new com.yuelv.shared.UserId(java.util.UUID.fromString(admin.id()))).value());
			assertThat(audited.<String>at("$.entries[0].subject")).isEqualTo("deployment:yuelv");
			assertThat(audited.<String>at("$.entries[0].details.to")).isEqualTo("777 per PT30S");
		}
		finally {
			var rollback = api.post("/actuator/traffic/rollback", Map.of("version", "0"), admin.accessToken());
			assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
		}
		assertThat(api.get("/api/v1/places?prefix=osa", null).header("RateLimit-Limit")).isEqualTo("1000000");
		var rolledBack = api.get("/actuator/traffic", admin.accessToken());
		assertThat(rolledBack.<Integer>at("$.recentChanges[0].what.rollbackTo")).isZero();
		assertThat(rolledBack.<Integer>at("$.version")).isEqualTo(rolledBack.<Integer>at("$.recentChanges[0].version"));
	}

	@Test
	void switchesLoadSheddingOffAndOn() {
		var admin = operator();
		var off = api.post("/actuator/traffic/load-shedding", Map.of("enabled", "false"), admin.accessToken());
		assertThat(off.status()).isEqualTo(200);
		assertThat(api.get("/actuator/traffic", admin.accessToken()).<Boolean>at("$.loadShedding.enabled")).isFalse();
		api.post("/actuator/traffic/load-shedding", Map.of("enabled", "true"), admin.accessToken());
		assertThat(api.get("/actuator/traffic", admin.accessToken()).<Boolean>at("$.loadShedding.enabled")).isTrue();
	}

	@Test
	void refusesBadChangesNamingWhatIsWrong() {
		var admin = operator();
		var unknownClass = api.post("/actuator/traffic/gossip/anonymous", Map.of("capacity", "5", "period", "1m"),
				admin.accessToken());
		assertThat(unknownClass.status()).isEqualTo(400);
		assertThat(unknownClass.contentType()).isEqualTo("application/problem+json");
		assertThat(unknownClass.string("$.detail")).contains("routeClass");

		var zero = api.post("/actuator/traffic/write/authenticated", Map.of("capacity", "0", "period", "1m"),
				admin.accessToken());
		assertThat(zero.status()).isEqualTo(400);
		assertThat(zero.string("$.detail")).contains("capacity must be at least 1");

		var period = api.post("/actuator/traffic/write/authenticated", Map.of("capacity", "5", "period", "soon"),
				admin.accessToken());
		assertThat(period.status()).isEqualTo(400);
		assertThat(period.string("$.detail")).contains("period");

		var tooFast = api.post("/actuator/traffic/auth/anonymous", Map.of("capacity", "2000000", "period", "1ms"),
				admin.accessToken());
		assertThat(tooFast.status()).isEqualTo(400);
		assertThat(tooFast.string("$.detail")).contains("capacity must not exceed the period in nanoseconds");

		var forever = api.post("/actuator/traffic/auth/anonymous",
				Map.of("capacity", "5", "period", "100000000000000d"), admin.accessToken());
		assertThat(forever.status()).isEqualTo(400);

		var protection = api.post("/actuator/traffic/everything", Map.of("enabled", "false"), admin.accessToken());
		assertThat(protection.status()).isEqualTo(400);
		assertThat(protection.string("$.detail")).contains("protection");

		var noSwitch = api.post("/actuator/traffic/load-shedding", Map.of(), admin.accessToken());
		assertThat(noSwitch.status()).isEqualTo(400);
		assertThat(noSwitch.string("$.detail")).contains("enabled");

		var noVersion = api.post("/actuator/traffic/rollback", Map.of(), admin.accessToken());
		assertThat(noVersion.status()).isEqualTo(400);
		assertThat(noVersion.string("$.detail")).contains("version");

		var unknownVersion = api.post("/actuator/traffic/rollback", Map.of("version", "987654321"),
				admin.accessToken());
		assertThat(unknownVersion.status()).isEqualTo(400);
		assertThat(unknownVersion.string("$.detail")).contains("version must be 0 or one of this deployment's");
	}

	@Test
	void isForAdministratorsOnly() {
		var traveler = api.register("Curious Traveler");
		assertThat(api.get("/actuator/traffic", traveler.accessToken()).status()).isEqualTo(403);
		assertThat(api.post("/actuator/traffic/browse/anonymous", Map.of("capacity", "1", "period", "1h"),
				traveler.accessToken()).status()).isEqualTo(403);
		assertThat(api.get("/actuator/traffic", null).status()).isEqualTo(401);
	}
}
