package com.yuelv.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.PaymentSandbox;
import com.yuelv.PostgresDatabases;
import com.yuelv.ThrowawayRedis;
import com.yuelv.media.TestImages;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripBodies;

/**
 * A traveller with data in every module closes their account, on PostgreSQL and Redis as in production: once the
 * erasure finished, their id and every text they wrote are nowhere: in no table of any schema, in no Redis key or
 * value, in no document of the search index; what is sealed (their name in other people's inboxes) is gone where the
 * API opens it, and their photo's files are gone. What the ledger must keep stays
 * under their pseudonym, with balances unchanged; the other people's own data stays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles({ "test", "postgres", "redis" })
// an erasure waits for every publication naming the person: a listener that failed is retried, as in production
@TestPropertySource(properties = { "YUELV_API_DOCS=true", "yuelv.events.retry-interval=1s",
		"yuelv.events.retry-after=1s" })
class ErasureIntegrationTests extends ApiTestSupport {

	static ThrowawayRedis redis;
	static final Path SEARCH = Path.of("target/test-data/erasure-search-" + UUID.randomUUID());
	static final Path MEDIA = Path.of("target/test-data/erasure-media-" + UUID.randomUUID());

	@LocalServerPort int port;
	@Autowired StringRedisTemplate template;
	@Autowired ErasedPeople erasedPeople;
	@Autowired Erasures erasures;
	@Autowired io.micrometer.core.instrument.MeterRegistry meters;

	private final PaymentSandbox sandbox = PaymentSandbox.get();

	@DynamicPropertySource
	static void stores(DynamicPropertyRegistry registry) throws Exception {
		var url = PostgresDatabases.recreate("yuelv_it_erasure");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> PostgresDatabases.USER);
		redis = ThrowawayRedis.start();
		registry.add("spring.data.redis.url", redis::url);
		registry.add("yuelv.search.index-dir", SEARCH::toString);
		registry.add("yuelv.media.directory", MEDIA::toString);
	}

	@AfterAll
	static void stopRedis() throws Exception {
		redis.close();
	}

	@Test
	void aClosedAccountLeavesNoTraceInAnyStoreAndItsPaymentsStayUnderAPseudonym() throws Exception {
		sandbox.mode("normal", 2000, "http://127.0.0.1:" + port + "/api/v1/payment-provider/events");
		var tag = UUID.randomUUID().toString().substring(0, 8);
		var name = "抹除 Leaving " + tag;
		var person = api.register(name);
		var other = api.register("Staying " + tag);
		var companion = api.register("Companion " + tag);
		var texts = List.of("青岛老城 " + tag, "栈桥日落 " + tag, "再去一次 " + tag, "想拍照 " + tag, "海边徒步 " + tag);
		api.put("/api/v1/me/profile", Map.of("displayName", name, "homeCity", texts.get(0), "languages", List.of("zh"),
				"interests", List.of("beaches")), person.accessToken());
		api.get("/api/v1/feed", other.accessToken());
		api.get("/api/v1/feed", person.accessToken());
		api.put("/api/v1/me/following/" + other.id(), Map.of(), person.accessToken());
		api.put("/api/v1/me/following/" + person.id(), Map.of(), other.accessToken());

		var photo = api.perform(MockMvcRequestBuilders.multipart("/api/v1/photos")
			.file(new MockMultipartFile("file", "pier.jpg", "image/jpeg", TestImages.jpeg(64, 48)))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + person.accessToken())
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)).string("$.id");
		var moment = api.post("/api/v1/moments", Map.of("text", texts.get(1), "visibility", "PUBLIC", "photos",
				List.of(photo), "place", Map.of("name", "栈桥 " + tag, "latitude", 36.0586, "longitude", 120.3197)),
				person.accessToken()).string("$.id");
		var othersMoment = api.post("/api/v1/moments", Map.of("text", "崂山 " + tag, "visibility", "PUBLIC"),
				other.accessToken()).string("$.id");
		api.post("/api/v1/moments/" + othersMoment + "/comments", Map.of("text", texts.get(2)), person.accessToken());
		api.put("/api/v1/moments/" + othersMoment + "/like", Map.of(), person.accessToken());
		api.post("/api/v1/moments/" + moment + "/comments", Map.of("text", "好美 " + tag), other.accessToken());

		var own = api.post("/api/v1/trips", TripBodies.free("title", Map.of("zh", texts.get(4))),
				person.accessToken()).string("$.id");
		assertThat(api.post("/api/v1/trips/" + own + "/publication", Map.of(), person.accessToken()).status())
			.isEqualTo(200);
		var companionsRequest = api.post("/api/v1/trips/" + own + "/join-requests", Map.of(),
				companion.accessToken()).string("$.id");
		api.post("/api/v1/join-requests/" + companionsRequest + "/acceptance", Map.of(), person.accessToken());

		var othersTrip = api.post("/api/v1/trips", TripBodies.with("seats", 3), other.accessToken()).string("$.id");
		api.post("/api/v1/trips/" + othersTrip + "/publication", Map.of(), other.accessToken());
		var request = api.post("/api/v1/trips/" + othersTrip + "/join-requests", Map.of("message", texts.get(3)),
				person.accessToken()).string("$.id");
		var payment = api.post("/api/v1/join-requests/" + request + "/acceptance", Map.of(), other.accessToken())
			.string("$.purchase.paymentId");
		await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/payments/" + payment,
				person.accessToken()).status() == 200);
		var paid = api.perform(Api.request(HttpMethod.POST, "/api/v1/payments/" + payment + "/confirmation",
				person.accessToken()).header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON).content(api.write(Map.of("paymentMethod", "pm_card_ok"))));
		assertThat(paid.status()).as(paid.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20)).until(() -> "CAPTURED".equals(
				api.get("/api/v1/payments/" + payment, other.accessToken()).string("$.status")));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(foundInSearchIndex(List.of(texts.get(4)))).as("the person's trip indexed").isNotEmpty();
			assertThat(api.get("/api/v1/inbox", other.accessToken()).<Integer>at("$.totalItems"))
				.as("followed, liked, commented on, and welcomed").isGreaterThanOrEqualTo(4);
		});
		assertThat(balance("payer:" + person.id())).isNegative();
		var files = jdbc.sql("select original_sha, large_sha, small_sha from media.photos where id = ?")
			.param(UUID.fromString(photo)).query((row, n) -> List.of(row.getString(1), row.getString(2),
					row.getString(3))).single();
		assertThat(files).allMatch(sha -> Files.exists(blob(sha)));
		// stored in clear: the id and the texts (the email, name, home city and place are sealed, opened below)
		var needles = new ArrayList<String>(texts.subList(1, texts.size()));
		needles.add(person.id().toString());
		var before = foundInTables(needles);
		assertThat(needles).as("each found before the erasure, in %s", before)
			.allMatch(needle -> before.stream().anyMatch(found -> found.endsWith(": " + needle)));
		assertThat(api.get("/api/v1/inbox?size=50", other.accessToken()).body()).contains(name);
		needles.addAll(List.of(person.email(), name, texts.get(0)));

		assertThat(api.post("/api/v1/me/closure", Map.of("password", "not the passphrase"), person.accessToken())
			.status()).isEqualTo(403);
		var closed = api.post("/api/v1/me/closure", Map.of("password", Api.PASSWORD), person.accessToken());
		assertThat(closed.status()).as(closed.body()).isEqualTo(202);
		assertThat(erasures.backlog().unfinished()).as("waiting for its second pass").isEqualTo(1);

		var pseudonym = erasedPeople.pseudonymOf(new UserId(person.id()));
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
				jdbc.sql("select count(*) from platform.erasures where pseudonym = ? and finished_at is not null")
					.param(pseudonym.value()).query(Long.class).single())
			.as(() -> "erasure finished; passes %s; unfinished publications naming them %s".formatted(
					jdbc.sql("select module, first_at, second_at, attempts, problem from platform.erasure_passes "
							+ "where pseudonym = ?").param(pseudonym.value()).query().listOfRows(),
					jdbc.sql("select listener_id, status, completion_attempts from platform.event_publication "
							+ "where completion_date is null and serialized_event like ?")
						.param("%" + person.id() + "%").query().listOfRows()))
			.isEqualTo(1));
		assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(401);
		assertThat(erasures.backlog()).isEqualTo(new Erasures.Backlog(0, Duration.ZERO, 0));
		await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("yuelv.privacy.erasures.unfinished").gauge()
			.value() == 0);

		assertThat(foundInTables(needles)).as("rows naming the person").isEmpty();
		assertThat(foundInRedis(needles)).as("Redis keys and values naming the person").isEmpty();
		assertThat(foundInSearchIndex(needles)).as("search documents naming the person").isEmpty();
		assertThat(files).noneMatch(sha -> Files.exists(blob(sha)));
		var othersInbox = api.get("/api/v1/inbox?size=50", other.accessToken());
		assertThat(othersInbox.status()).isEqualTo(200);
		assertThat(othersInbox.body()).as("what was said of them, opened").doesNotContain(name);
		assertThat(api.get("/api/v1/profiles/" + person.id(), other.accessToken()).status()).isEqualTo(404);

		// the seat they had paid for was given up, and refunded, before their ledger account took the pseudonym
		assertThat(jdbc.sql("select count(*) from payment.postings where account = ?")
			.param("payer:" + pseudonym.value()).query(Long.class).single()).isGreaterThanOrEqualTo(2);
		assertThat(balance("payer:" + pseudonym.value())).isZero();
		assertThat(jdbc.sql("select count(*) from payment.intents where id = ? and payer_id = ?")
			.params(UUID.fromString(payment), pseudonym.value()).query(Long.class).single()).isEqualTo(1);
		assertThat(api.get("/api/v1/moments/" + othersMoment, other.accessToken()).<Integer>at("$.likes"))
			.isZero();
		assertThat(api.get("/api/v1/moments/" + othersMoment, other.accessToken()).<Integer>at("$.comments"))
			.isZero();
		assertThat(api.get("/api/v1/trips/" + othersTrip, other.accessToken()).status()).isEqualTo(200);
		assertThat(jdbc.sql("select count(*) from platform.audit_entries where action = 'account-closed' and actor = ?")
			.param("account:" + pseudonym.value()).query(Long.class).single()).isEqualTo(1);
		assertThat(api.post("/api/v1/auth/login", Map.of("email", person.email(), "password", Api.PASSWORD), null)
			.status()).isEqualTo(401);
	}

	private Path blob(String sha) {
		return MEDIA.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
	}

	private long balance(String account) {
		return jdbc.sql("select coalesce(sum(amount_minor), 0) from payment.postings where account = ?")
			.param(account).query(Long.class).single();
	}

	/** Every table of every schema, as {@code schema.table: needle}, whose rows as text hold a needle. */
	private List<String> foundInTables(List<String> needles) {
		var found = new ArrayList<String>();
		var tables = jdbc.sql("""
				select table_schema || '.' || table_name from information_schema.tables
				where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')""")
			.query(String.class).list();
		for (var table : tables) {
			for (var needle : needles) {
				var rows = jdbc.sql("select count(*) from " + table + " t where position(lower(?) in lower(t::text)) > 0")
					.param(needle).query(Long.class).single();
				if (rows > 0) {
					found.add(table + ": " + needle);
				}
			}
		}
		return found;
	}

	private List<String> foundInRedis(List<String> needles) {
		var found = new ArrayList<String>();
		try (var keys = template.scan(ScanOptions.scanOptions().count(1000).build())) {
			keys.forEachRemaining(key -> {
				var type = template.type(key);
				var content = new StringBuilder(key).append('\n');
				if (type == DataType.STRING) {
					content.append(template.opsForValue().get(key));
				}
				else if (type == DataType.ZSET) {
					content.append(template.opsForZSet().range(key, 0, -1));
				}
				else if (type == DataType.HASH) {
					content.append(template.opsForHash().entries(key));
				}
				else if (type == DataType.LIST) {
					content.append(template.opsForList().range(key, 0, -1));
				}
				else if (type == DataType.SET) {
					content.append(template.opsForSet().members(key));
				}
				for (var needle : needles) {
					if (content.toString().toLowerCase().contains(needle.toLowerCase())) {
						found.add(key + ": " + needle);
					}
				}
			});
		}
		return found;
	}

	private List<String> foundInSearchIndex(List<String> needles) throws Exception {
		var found = new ArrayList<String>();
		try (var directory = FSDirectory.open(SEARCH.resolve("trips"));
				var reader = DirectoryReader.open(directory)) {
			assertThat(reader.maxDoc()).as("documents, deleted ones included").isEqualTo(reader.numDocs());
			var stored = reader.storedFields();
			for (var doc = 0; doc < reader.maxDoc(); doc++) {
				var text = stored.document(doc).getFields().stream()
					.map(field -> String.valueOf(field.stringValue())).toList().toString();
				for (var needle : needles) {
					if (text.contains(needle)) {
						found.add(doc + ": " + needle);
					}
				}
			}
		}
		return found;
	}
}
