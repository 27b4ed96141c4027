package com.yuelv.platform.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.EmbeddedModeTest;
import com.yuelv.platform.overload.LoadShedding;
import com.yuelv.platform.overload.OverloadSettings;
import com.yuelv.platform.ratelimit.RateLimitSettings;
import com.yuelv.platform.ratelimit.RateLimitSettings.Limit;
import com.yuelv.platform.ratelimit.RateLimits;
import com.yuelv.platform.ratelimit.RateLimits.Audience;
import com.yuelv.platform.ratelimit.RouteClass;
import com.yuelv.shared.AuditTrail;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration centre on the application's own database: replicas of one deployment, each with its own limits
 * and switches as a process has them, share the stored versions. A change through one reaches the others when they
 * look, a start applies the latest, a rollback makes an earlier version the newest, and changes made at once from two
 * replicas are all kept. The application's own replica looks by itself within seconds.
 */
@EmbeddedModeTest
class TrafficSettingsIntegrationTests {

	@Autowired JdbcClient jdbc;
	@Autowired JsonMapper json;
	@Autowired RateLimitSettings configured;
	@Autowired OverloadSettings overload;
	@Autowired RateLimits applicationLimits;
	@Autowired AuditTrail audit;

	/** One replica's view: its configuration centre client, its limits and its shedding switch. */
	private record Replica(TrafficSettings settings, RateLimits limits, LoadShedding shedding) {

		long capacity(RouteClass routeClass, Audience audience) {
			return limits.limit(routeClass, audience).capacity();
		}
	}

	private Replica start(String deployment) {
		var limits = new RateLimits(configured);
		var shedding = LoadShedding.of(overload, new SimpleMeterRegistry());
		var settings = new TrafficSettings(new TrafficSettingsStore(jdbc, json), limits, shedding, configured,
				overload.enabled(), deployment, Clock.systemUTC(), audit);
		settings.afterSingletonsInstantiated();
		return new Replica(settings, limits, shedding);
	}

	private static String deployment() {
		return "test-" + UUID.randomUUID();
	}

	@Test
	void aChangeThroughOneReplicaReachesTheOthersWhenTheyLookAndOutlivesARestart() {
		var deployment = deployment();
		var one = start(deployment);
		var other = start(deployment);
		long configuredCapacity = other.capacity(RouteClass.BROWSE, Audience.ANONYMOUS);

		var change = one.settings().changeLimit(RouteClass.BROWSE, Audience.ANONYMOUS,
				new Limit(77, Duration.ofSeconds(30)), "operator-1");
		one.settings().switchProtection(TrafficSettings.LOAD_SHEDDING, false, "operator-2");

		assertThat(change).containsEntry("rateLimit", "browse.anonymous").containsEntry("to", "77 per PT30S");
		assertThat(one.capacity(RouteClass.BROWSE, Audience.ANONYMOUS)).isEqualTo(77);
		assertThat(other.capacity(RouteClass.BROWSE, Audience.ANONYMOUS)).isEqualTo(configuredCapacity);
		other.settings().follow();
		assertThat(other.capacity(RouteClass.BROWSE, Audience.ANONYMOUS)).isEqualTo(77);
		assertThat(other.shedding().enabled()).isFalse();
		assertThat(other.settings().applied()).isEqualTo(one.settings().applied());

		var restarted = start(deployment);
		assertThat(restarted.capacity(RouteClass.BROWSE, Audience.ANONYMOUS)).isEqualTo(77);
		assertThat(restarted.limits().limit(RouteClass.BROWSE, Audience.ANONYMOUS).period())
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(restarted.shedding().enabled()).isFalse();

		var history = restarted.settings().history(10);
		assertThat(history).hasSize(2);
		assertThat(history.get(0)).containsEntry("who", "operator-2").containsKey("when");
		assertThat(history.get(0).get("what")).isEqualTo(Map.of("protection", "load-shedding", "from", "enabled", "to",
				"disabled"));
		assertThat(history.get(1)).containsEntry("who", "operator-1");
		assertThat(start(deployment()).capacity(RouteClass.BROWSE, Audience.ANONYMOUS))
			.as("another deployment keeps its configuration").isEqualTo(configuredCapacity);
	}

	@Test
	void aRollbackMakesAnEarlierVersionTheNewestAndVersionZeroIsTheConfiguration() {
		var replica = start(deployment());
		long configuredCapacity = replica.capacity(RouteClass.WRITE, Audience.AUTHENTICATED);
		replica.settings().changeLimit(RouteClass.WRITE, Audience.AUTHENTICATED, new Limit(10, Duration.ofMinutes(1)),
				"operator");
		long first = replica.settings().applied();
		replica.settings().changeLimit(RouteClass.WRITE, Audience.AUTHENTICATED, new Limit(20, Duration.ofMinutes(1)),
				"operator");

		var rollback = replica.settings().rollBack(first, "operator");

		assertThat(replica.capacity(RouteClass.WRITE, Audience.AUTHENTICATED)).isEqualTo(10);
		assertThat(rollback).containsEntry("rollbackTo", first).containsEntry("version", replica.settings().applied());
		assertThat(replica.settings().applied()).isGreaterThan(first);
		replica.settings().rollBack(0, "operator");
		assertThat(replica.capacity(RouteClass.WRITE, Audience.AUTHENTICATED)).isEqualTo(configuredCapacity);
		assertThatThrownBy(() -> replica.settings().rollBack(first + 1_000_000, "operator"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("version must be 0 or one of this deployment's versions");
		assertThatThrownBy(() -> replica.settings().changeLimit(RouteClass.WRITE, Audience.AUTHENTICATED,
				new Limit(0, Duration.ofMinutes(1)), "operator"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("capacity must be at least 1");
		assertThat(replica.settings().history(10)).as("a refused change stores nothing").hasSize(4);
	}

	@Test
	void changesMadeAtOnceThroughTwoReplicasAreAllKeptInOneLineOfVersions() throws Exception {
		var deployment = deployment();
		var replicas = List.of(start(deployment), start(deployment));
		var threads = new ArrayList<Thread>();
		for (int r = 0; r < 2; r++) {
			var replica = replicas.get(r);
			var routeClass = r == 0 ? RouteClass.BROWSE : RouteClass.WRITE;
			threads.add(Thread.ofVirtual().start(() -> {
				for (int i = 1; i <= 5; i++) {
					replica.settings().changeLimit(routeClass, i % 2 == 0 ? Audience.ANONYMOUS : Audience.AUTHENTICATED,
							new Limit(100 + i, Duration.ofMinutes(1)), "operator");
				}
			}));
		}
		for (var thread : threads) {
			thread.join();
		}

		var check = start(deployment);
		assertThat(check.capacity(RouteClass.BROWSE, Audience.ANONYMOUS)).isEqualTo(104);
		assertThat(check.capacity(RouteClass.BROWSE, Audience.AUTHENTICATED)).isEqualTo(105);
		assertThat(check.capacity(RouteClass.WRITE, Audience.ANONYMOUS)).isEqualTo(104);
		assertThat(check.capacity(RouteClass.WRITE, Audience.AUTHENTICATED)).isEqualTo(105);
		var versions = jdbc.sql("select version from platform.traffic_settings where deployment = ? order by version")
			.param(deployment)
			.query(Long.class)
			.list();
		var parents = jdbc.sql("select parent from platform.traffic_settings where deployment = ? order by version")
			.param(deployment)
			.query(Long.class)
			.list();
		assertThat(versions).hasSize(10);
		assertThat(parents.get(0)).isZero();
		assertThat(parents.subList(1, 10)).isEqualTo(versions.subList(0, 9));
	}

	@Test
	void theApplicationsOwnReplicaTakesAStoredChangeWithinSeconds() throws Exception {
		var operator = start("yuelv");
		long configuredCapacity = applicationLimits.limit(RouteClass.BOOKING, Audience.ANONYMOUS).capacity();
		try {
			operator.settings().changeLimit(RouteClass.BOOKING, Audience.ANONYMOUS,
					new Limit(4242, Duration.ofMinutes(1)), "operator");
			assertThat(waitFor(4242)).as("seen within 5 s").isTrue();
		}
		finally {
			operator.settings().rollBack(0, "operator");
		}
		assertThat(waitFor(configuredCapacity)).isTrue();
	}

	private boolean waitFor(long capacity) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (applicationLimits.limit(RouteClass.BOOKING, Audience.ANONYMOUS).capacity() != capacity) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(50);
		}
		return true;
	}
}
