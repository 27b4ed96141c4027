package com.yuelv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.client.RestClient;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.yuelv.build.split.PeerGrants;
import com.yuelv.identity.IdentityApi;
import com.yuelv.platform.RsaKeyFile;
import com.yuelv.platform.deployment.PeerCredentialsForTests;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;

import jakarta.persistence.EntityManagerFactory;

/**
 * Two deployments of the peak-season split in one JVM, each with its own embedded database: {@code trips} (trip,
 * booking, geo) and {@code search}. The search deployment runs only its module, maps only its entities, migrates only
 * its schema, and reaches the trip module through its HTTP client, with the same answers and rejections as in process;
 * it refuses callers that are not peers, and answers with a 503 rejection while the trip deployment is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitModeIntegrationTests {

	@TempDir static Path dir;

	/** This run's own exchanges and queues: the trips deployment publishes its events to RabbitMQ. */
	private static final String EVENTS = "yuelv-test-" + UUID.randomUUID() + ".";

	/**
	 * Every deployment reads token revocations from the one running identity. Most of these tests run none: the
	 * address leads nowhere, and the deployments accept tokens as signed, keeping the revocations they knew (none).
	 */
	private RsaKeyFile signingKey;
	private static final String NO_IDENTITY = "--yuelv.split.peers.identity=http://localhost:9";
	/** The deployments these tests start, by name. */
	private static final Map<String, List<String>> DEPLOYMENTS = Map.of("trips", List.of("trip", "booking", "geo",
			"social"), "search", List.of("search"), "identity", List.of("identity", "notification"), "demo",
			List.of("demo"), "booking", List.of("booking", "social"));
	/** Where a deployment without social would find it; given to every deployment whose test does not use it. */
	private static final String NO_SOCIAL = "--yuelv.split.peers.social=http://localhost:9";

	private ConfigurableApplicationContext trips;
	private ConfigurableApplicationContext search;
	private int tripsPort;

	@BeforeAll
	void start() throws Exception {
		// the access tokens' key: whole where identity runs, its public half elsewhere, as the manifests give them
		signingKey = RsaKeyFile.loadOrCreate(dir.resolve("jwt-signing-key.pem"));
		java.nio.file.Files.writeString(dir.resolve("jwt-public-key.pem"), signingKey.publicPem());
		trips = startTrips(0);
		tripsPort = port(trips);
		search = start("search", "search", 0, "--yuelv.split.peers.trip=http://localhost:" + tripsPort, NO_IDENTITY);
	}

	@AfterAll
	void stop() {
		if (trips != null) {
			var admin = new RabbitAdmin(trips.getBean(RabbitTemplate.class));
			for (var module : List.of("notification", "search", "booking")) {
				admin.deleteQueue(EVENTS + "events." + module);
				admin.deleteQueue(EVENTS + "events." + module + ".dead");
			}
			admin.deleteExchange(EVENTS + "events");
			admin.deleteExchange(EVENTS + "dead");
		}
		if (search != null) {
			search.close();
		}
		if (trips != null) {
			trips.close();
		}
	}

	@Test
	void eachDeploymentRunsMapsAndMigratesOnlyItsModules() {
		assertThat(search.getBean(TripApi.class).getClass().getSimpleName()).isEqualTo("RemoteTripApi");
		assertThat(search.containsBean("tripController")).isFalse();
		assertThat(search.containsBean("localTripApi")).isFalse();
		assertThat(search.containsBean("tripIndexFeed")).isTrue();
		assertThat(trips.containsBean("tripIndexFeed")).isFalse();
		assertThat(trips.containsBean("authenticationController")).isFalse();
		assertThat(trips.getBean(TripApi.class).getClass().getSimpleName()).isEqualTo("LocalTripApi");

		assertThat(entities(search)).noneMatch(name -> name.startsWith("com.yuelv."));
		assertThat(entities(trips)).isNotEmpty().allMatch(name -> name.startsWith("com.yuelv.trip.")
				|| name.startsWith("com.yuelv.booking.") || name.startsWith("com.yuelv.geo.")
				|| name.startsWith("com.yuelv.social."));

		assertThat(schemas(search)).doesNotContain("trip", "booking", "geo", "identity", "notification");
		assertThat(schemas(trips)).contains("trip", "booking", "geo").doesNotContain("identity", "notification");
	}

	@Test
	void theRemoteTripApiAnswersAsTheLocalOneDoes() {
		var remote = search.getBean(TripApi.class);
		var local = trips.getBean(TripApi.class);
		var organizer = UserId.random();

		var tripId = remote.draft(organizer, draft("秋天的喀纳斯"));
		assertThat(local.find(tripId)).as("a draft is not visible").isEmpty();
		remote.publish(organizer, tripId);
		var found = remote.find(tripId).orElseThrow();
		assertThat(found).isEqualTo(local.find(tripId).orElseThrow());
		assertThat(found.title().primary()).isEqualTo("秋天的喀纳斯");
		assertThat(remote.publicTrips(null, TripApi.MAX_BATCH)).contains(found);
		assertThat(remote.publicTripsChanged(Instant.EPOCH, null, 10)).contains(found);
		assertThat(remote.find(new TripId(UUID.randomUUID()))).isEmpty();

		// a rejection crosses the wire as itself, a domain 403 included
		assertThatThrownBy(() -> remote.publish(UserId.random(), tripId)).isInstanceOfSatisfying(Rejection.class,
				rejection -> {
					assertThat(rejection.kind()).isEqualTo(Rejection.Kind.FORBIDDEN);
					assertThat(rejection.problemType()).isEqualTo("not-organizer");
				});
		assertThatThrownBy(() -> remote.publish(organizer, new TripId(UUID.randomUUID())))
				.isInstanceOfSatisfying(Rejection.class, rejection -> {
					assertThat(rejection.kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
					assertThat(rejection.problemType()).isEqualTo("trip-not-found");
				});
		assertThatThrownBy(() -> remote.draft(organizer, new TripDraft(Map.of("zh", "x"), null, null, null, null,
				null, null, null, null, null, null))).isInstanceOfSatisfying(Rejection.class, rejection -> {
					assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID);
					assertThat(rejection.violations()).isNotEmpty();
				});
	}

	@Test
	void theRemoteIdentityApiAnswersAsTheLocalOneDoes() {
		// a topology where the demo data runs apart from identity: its IdentityApi is the HTTP client
		var tripsAddress = "--yuelv.split.peers.trip=http://localhost:" + tripsPort;
		// the demo data registers accounts; this test also reads profiles through its client, which the demo never does
		try (var identity = start("identity", "identity,notification", 0, tripsAddress,
				"--yuelv.split.grants.demo=identity:read,identity:write");
				var demo = start("demo", "demo", 0, tripsAddress,
						"--yuelv.split.peers.identity=http://localhost:" + port(identity))) {
			var remote = demo.getBean(IdentityApi.class);
			assertThat(remote.getClass().getSimpleName()).isEqualTo("RemoteIdentityApi");
			assertThat(identity.getBean(IdentityApi.class).getClass().getSimpleName()).startsWith("LocalIdentityApi");
			assertThat(trips.containsBean("identity.remote.RemoteIdentityApi"))
					.as("every deployment reads token revocations through identity's API").isTrue();

			var userId = remote.register("remote-" + UUID.randomUUID() + "@yuelv.test", "a long enough passphrase",
					"远方");
			assertThat(identity.getBean(IdentityApi.class).profile(userId).orElseThrow().displayName())
					.isEqualTo("远方");
			assertThat(remote.profile(userId).orElseThrow().displayName()).isEqualTo("远方");
			assertThat(remote.profile(UserId.random())).isEmpty();
			assertThatThrownBy(() -> remote.register("weak-" + UUID.randomUUID() + "@yuelv.test", "short", "x"))
					.isInstanceOfSatisfying(Rejection.class,
							rejection -> assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID));
		}
	}

	@Test
	void onlyPeersMayCallTheInternalApiEachWithItsOwnKey() {
		var client = RestClient.create("http://localhost:" + tripsPort);
		var path = "/internal/v1/trip-api/public-trips?limit=1";
		assertThat(status(client.get().uri(path))).isEqualTo(401);
		var traveler = token(trips, List.of("TRAVELER"));
		assertThat(status(client.get().uri(path).header("Authorization", "Bearer " + traveler))).isEqualTo(403);
		var claimingPeer = token(trips, List.of("PEER"));
		assertThat(status(client.get().uri(path).header("Authorization", "Bearer " + claimingPeer)))
			.as("the key that signs accounts' tokens makes no peer").isEqualTo(403);
		var peer = PeerCredentialsForTests.credentialOf(search, "trip");
		assertThat(status(client.get().uri(path).header("Authorization", "Bearer " + peer))).isEqualTo(200);
		// the social graph, which this trips deployment serves too, is not search's to read
		var followers = client.get().uri("/internal/v1/social-api/people/" + UUID.randomUUID() + "/followers")
			.header("Authorization", "Bearer " + PeerCredentialsForTests.credentialOf(search, "social"));
		assertThat(status(followers)).isEqualTo(403);
		assertThat(trips.getBean(JdbcClient.class).sql("""
				select count(*) from platform.audit_entries where action = 'peer-call-refused'
				and actor = 'deployment:search' and details like '%social:read%'""").query(Long.class).single())
			.isEqualTo(1);

		// a process with a key of its own, which says it is the search deployment
		try (var impostor = start("search", "search", 0, "--yuelv.split.peers.trip=http://localhost:" + tripsPort,
				NO_IDENTITY, "--yuelv.data-dir=" + dir.resolve("impostor"),
				"--yuelv.search.index-dir=" + dir.resolve("impostor").resolve("search"),
				"--yuelv.split.identity.peer-keys=" + dir.resolve("impostor").resolve("peer-keys"))) {
			var forged = PeerCredentialsForTests.credentialOf(impostor, "trip");
			assertThat(status(client.get().uri(path).header("Authorization", "Bearer " + forged))).isEqualTo(401);
			await().atMost(Duration.ofSeconds(5)).until(() -> trips.getBean(JdbcClient.class).sql("""
					select count(*) from platform.audit_entries
					where action = 'peer-credential-refused' and actor = 'deployment:search'""")
				.query(Long.class).single() >= 1);
		}
	}

	@Test
	void aStoppedTripDeploymentIsA503WithinTheTimeoutAndComesBack() {
		var remote = search.getBean(TripApi.class);
		var organizer = UserId.random();
		var tripId = remote.draft(organizer, draft("雪乡"));
		remote.publish(organizer, tripId);

		trips.close();
		try {
			var started = System.nanoTime();
			assertThatThrownBy(() -> remote.find(tripId)).isInstanceOfSatisfying(Rejection.class, rejection -> {
				assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE);
				assertThat(rejection.problemType()).isEqualTo("dependency-unavailable");
			});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
		}
		finally {
			trips = startTrips(tripsPort);
		}
		assertThat(remote.find(tripId)).isPresent();
	}

	@Test
	void aBookingDeploymentApartFromTripAnswers503ForWhatNeedsTripWhileItIsDownAndRecovers() {
		var organizer = UserId.random();
		var tripApi = trips.getBean(TripApi.class);
		var known = tripApi.draft(organizer, draft("泸沽湖"));
		tripApi.publish(organizer, known);
		var unknown = tripApi.draft(organizer, draft("梅里雪山"));
		tripApi.publish(organizer, unknown);
		try (var booking = start("booking", "booking,social", 0, "--yuelv.split.peers.trip=http://localhost:"
				+ tripsPort, NO_IDENTITY)) {
			var client = RestClient.create("http://localhost:" + port(booking));
			// the first request to join a trip reads the trip from its module and keeps its roster; later ones do not
			assertThat(join(client, "/api/v1/trips/" + known + "/join-requests")).isEqualTo(201);
			var path = "/api/v1/trips/" + unknown + "/join-requests";

			trips.close();
			try {
				assertThat(join(client, "/api/v1/trips/" + known + "/join-requests"))
						.as("a trip booking knows already needs no call").isEqualTo(201);
				var started = System.nanoTime();
				var refused = client.post().uri(path).header("Authorization", "Bearer " + token(search, List.of(
						"TRAVELER"))).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
						.body("{\"message\":\"还有位子吗\"}").exchange((request, response) -> List.of(
								String.valueOf(response.getStatusCode().value()),
								String.valueOf(response.getHeaders().getContentType()),
								String.valueOf(response.getHeaders().getFirst("Retry-After")),
								new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
				assertThat(refused.get(0)).isEqualTo("503");
				assertThat(refused.get(1)).isEqualTo("application/problem+json");
				assertThat(refused.get(2)).isNotEqualTo("null");
				assertThat(refused.get(3)).contains("dependency-unavailable", "trip");
			}
			finally {
				trips = startTrips(tripsPort);
			}
			assertThat(join(client, path)).isEqualTo(201);
		}
	}

	private int join(RestClient client, String path) {
		return client.post().uri(path).header("Authorization", "Bearer " + token(search, List.of("TRAVELER")))
				.contentType(org.springframework.http.MediaType.APPLICATION_JSON).body("{\"message\":\"同行\"}")
				.exchange((request, response) -> response.getStatusCode(), true).value();
	}

	@Test
	void anErasedOrganizersTripLeavesTheSearchDeploymentThroughTheBroker() {
		var organizer = UserId.random();
		var tripApi = trips.getBean(TripApi.class);
		var trip = tripApi.draft(organizer, draft("玉龙雪山转山"));
		tripApi.publish(organizer, trip);
		var searchClient = RestClient.create("http://localhost:" + port(search));
		await().atMost(Duration.ofSeconds(20)).until(() -> found(searchClient, "玉龙雪山", trip));

		trips.getBean(ErasedPeople.class).requestErasure(organizer);

		// the trips deployment erases its modules; the withdrawal reaches the search deployment over RabbitMQ
		await().atMost(Duration.ofSeconds(20)).until(() -> !found(searchClient, "玉龙雪山", trip));
		var jdbc = JdbcClient.create(trips.getBean(javax.sql.DataSource.class));
		var pseudonym = trips.getBean(ErasedPeople.class).pseudonymOf(organizer).value();
		await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
				"select count(*) from platform.erasures where pseudonym = ? and finished_at is not null and account_id is null")
			.param(pseudonym).query(Long.class).single() == 1);
		assertThat(tripApi.find(trip)).isEmpty();
		assertThat(jdbc.sql("select count(*) from trip.withdrawals where trip_id = ?").param(trip.value())
			.query(Long.class).single()).isEqualTo(1);
	}

	private static boolean found(RestClient client, String text, TripId trip) {
		var answer = client.get().uri("/api/v1/search/trips?q={q}", text).retrieve().body(String.class);
		return answer != null && answer.contains(trip.toString());
	}

	@Test
	void aDeploymentWithoutTheAddressOfAModuleItCallsDoesNotStart() {
		assertThatThrownBy(() -> start("search-without-peers", "search", 0, NO_IDENTITY))
				.hasStackTraceContaining("yuelv.split.peers.trip: no address for module 'trip'");
		assertThatThrownBy(() -> start("unknown-module", "search,payments", 0))
				.hasStackTraceContaining("yuelv.split.modules: unknown module 'payments'");
	}

	private ConfigurableApplicationContext startTrips(int port) {
		// booking asks social whether an organizer and a traveler block each other; the erasures this deployment
		// advances are of its own modules, in rounds short enough for a test
		// these tests write trips through the search deployment's client, which search itself never does
		return start("trips", "trip,booking,geo,social", port, NO_IDENTITY, "--yuelv.split.grants.search=trip:read,trip:write",
				"--yuelv.privacy.modules=trip,booking,social",
				"--yuelv.privacy.erasure-modules=trip,booking,social", "--yuelv.privacy.erasure-interval=250ms",
				"--yuelv.privacy.erasure-settle=1s");
	}

	private ConfigurableApplicationContext start(String name, String modules, int port, String... more) {
		var args = new java.util.ArrayList<>(List.of("--yuelv.data-dir=" + dir.resolve(name),
				"--yuelv.search.index-dir=" + dir.resolve(name).resolve("search"),
				"--yuelv.jwt.key-file=" + dir.resolve(List.of(modules.split(",")).contains("identity")
						? "jwt-signing-key.pem" : "jwt-public-key.pem"), "--yuelv.split.deployment=" + name,
				"--yuelv.split.identity.peer-keys=" + dir.resolve("peer-keys"),
				"--yuelv.keys.kek-file=" + dir.resolve("key-encryption-key.bin"), "--server.port=" + port,
				"--yuelv.events.retry-interval=1h", "--yuelv.split.modules=" + modules,
				"--yuelv.split.events.exchange=" + EVENTS + "events", "--yuelv.split.events.dead-letter-exchange=" + EVENTS
						+ "dead", "--yuelv.split.events.queue-prefix=" + EVENTS + "events."));
		// what the other deployments of these tests may call of this one's internal APIs, as the split build grants it
		args.addAll(PeerGrants.arguments(DEPLOYMENTS, name));
		// a setting given again in more is given once, as more says
		for (var setting : more) {
			if (setting.indexOf('=') > 0) {
				var key = setting.substring(0, setting.indexOf('=') + 1);
				args.removeIf(arg -> arg.startsWith(key));
			}
		}
		args.addAll(List.of(more));
		if (!List.of(modules.split(",")).contains("social")
				&& args.stream().noneMatch(arg -> arg.startsWith("--yuelv.split.peers.social="))) {
			args.add(NO_SOCIAL);
		}
		if (List.of(modules.split(",")).contains("booking")) {
			// booking calls payment, which none of these deployments runs; nothing here pays
			args.add("--yuelv.split.peers.payment=http://localhost:9");
		}
		return new SpringApplicationBuilder(YuelvApplication.class).run(args.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext app) {
		return Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private static List<String> entities(ConfigurableApplicationContext app) {
		return app.getBean(EntityManagerFactory.class).getMetamodel().getEntities().stream()
				.map(entity -> entity.getJavaType().getName()).toList();
	}

	private static List<String> schemas(ConfigurableApplicationContext app) {
		return JdbcClient.create(app.getBean(javax.sql.DataSource.class))
				.sql("select lower(schema_name) from information_schema.schemata").query(String.class).list();
	}

	private static int status(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((req, response) -> response.getStatusCode(), true).value();
	}

	/** An account's access token, as identity signs them; the deployment given verifies it with the public half. */
	private String token(ConfigurableApplicationContext app, List<String> roles) {
		assertThatThrownBy(() -> app.getBean(JwtEncoder.class)).as("a deployment without identity signs no token")
			.hasRootCauseMessage(("yuelv.jwt.key-file: %s holds only the public key of access tokens, and this "
					+ "deployment signs them (it runs identity): give it the private key")
				.formatted(dir.resolve("jwt-public-key.pem")));
		var now = Instant.now();
		var claims = JwtClaimsSet.builder().issuer(app.getEnvironment().getRequiredProperty("yuelv.jwt.issuer")).subject(UUID.randomUUID().toString()).issuedAt(now)
				.expiresAt(now.plusSeconds(300)).claim("roles", roles).build();
		var key = new com.nimbusds.jose.jwk.RSAKey.Builder(signingKey.publicKey()).privateKey(signingKey.privateKey())
			.keyID(signingKey.keyId()).build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key))).encode(JwtEncoderParameters.from(
				JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(), claims)).getTokenValue();
	}

	private static TripDraft draft(String title) {
		var start = LocalDate.now().plusMonths(2);
		return new TripDraft(Map.of("zh", title), Map.of("zh", "一起去看看"), "新疆", start, start.plusDays(4),
				List.of(new TripDraft.Stop("布尔津", 47.70, 86.87, 1)), 4, new java.math.BigDecimal("2800"), "CNY",
				List.of("zh"), List.of("徒步"));
	}
}
