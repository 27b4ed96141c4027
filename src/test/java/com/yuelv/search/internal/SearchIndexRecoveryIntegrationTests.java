package com.yuelv.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.Intercepting;
import com.yuelv.YuelvApplication;
import com.yuelv.identity.IdentityApi;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The index across restarts and failures, in embedded mode with its database and index on disk: what was indexed
 * survives a restart without a rebuild; a trip whose indexing failed is indexed when the application comes back; and
 * an index that cannot be opened, or was laid out by an earlier release, is rebuilt from the trip module instead of
 * failing the start.
 */
class SearchIndexRecoveryIntegrationTests {

	@TempDir
	Path data;

	@Test
	void anIndexThatSurvivesRestartsFailuresAndCorruption() throws IOException {
		UserId organizer;
		TripId persisted;
		TripId delayed;

		// 1. a trip is indexed and committed
		try (var app = start()) {
			organizer = app.getBean(IdentityApi.class).register("index-" + UUID.randomUUID() + "@yuelv.test",
					"a long enough passphrase", "索引");
			persisted = publish(app, organizer, "西湖龙井茶园");
			await().atMost(Duration.ofSeconds(15)).until(() -> found(app, "龙井", persisted));
		}

		// 2. indexing fails: the trip is published, its index publication stays incomplete
		try (var app = start(IndexOutage.class)) {
			delayed = publish(app, organizer, "张家界天门山");
			var jdbc = app.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> indexPublication(jdbc, delayed).equals("FAILED"));
			assertThat(found(app, "天门山", delayed)).isFalse();
		}

		// 3. back to normal: the failed publication is delivered, the first trip comes from the index on disk
		try (var app = start()) {
			await().atMost(Duration.ofSeconds(15)).until(() -> found(app, "天门山", delayed));
			assertThat(found(app, "龙井", persisted)).isTrue();
			assertThat(app.getBean(TripIndex.class).needsRebuild()).as("the index on disk was fine").isFalse();
			assertThat(rebuilds(app)).as("no rebuild ran").isZero();
		}

		// 4. the index files are damaged: the application starts anyway and rebuilds the index from the trips
		try (var files = Files.list(data.resolve("search/trips"))) {
			for (var file : files.filter(file -> file.getFileName().toString().startsWith("segments")).toList()) {
				Files.write(file, "not a lucene commit".getBytes());
			}
		}
		try (var app = start()) {
			await().atMost(Duration.ofSeconds(15)).until(() -> rebuilds(app) == 1);
			assertThat(found(app, "龙井", persisted)).isTrue();
			assertThat(found(app, "天门山", delayed)).isTrue();
		}

		// 5. the index was laid out by an earlier release (its commit names no layout): it is rebuilt, not misread
		try (var directory = FSDirectory.open(data.resolve("search/trips"));
				var writer = new IndexWriter(directory, new IndexWriterConfig())) {
			var commit = new HashMap<String, String>();
			writer.getLiveCommitData().forEach(entry -> commit.put(entry.getKey(), entry.getValue()));
			assertThat(commit.remove("layout")).isEqualTo("2");
			writer.setLiveCommitData(commit.entrySet());
			writer.commit();
		}
		try (var app = start()) {
			await().atMost(Duration.ofSeconds(15)).until(() -> rebuilds(app) == 1);
			assertThat(found(app, "龙井", persisted)).isTrue();
			assertThat(found(app, "天门山", delayed)).isTrue();
		}
	}

	/** The search index refuses every write, as a full disk would. */
	static class IndexOutage extends Intercepting<TripIndex> {

		IndexOutage() {
			super(TripIndex.class);
		}

		@Override
		protected Object intercept(Method method, Call call) throws Throwable {
			if (method.getName().startsWith("apply")) {
				throw new java.io.UncheckedIOException(new IOException("No space left on device"));
			}
			return call.proceed();
		}
	}

	private ConfigurableApplicationContext start(Class<?>... extras) {
		var sources = new Class<?>[extras.length + 1];
		sources[0] = YuelvApplication.class;
		System.arraycopy(extras, 0, sources, 1, extras.length);
		return new SpringApplicationBuilder(sources)
				.profiles("test")
				.run("--spring.datasource.url=jdbc:h2:file:" + data.resolve("db/yuelv")
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
						"--yuelv.data-dir=" + data, "--yuelv.search.index-dir=" + data.resolve("search"),
						"--server.port=0");
	}

	private static TripId publish(ConfigurableApplicationContext app, UserId organizer, String title) {
		var trips = app.getBean(TripApi.class);
		var start = java.time.LocalDate.now().plusDays(20);
		var id = trips.draft(organizer, new TripDraft(Map.of("zh", title), null, title, start, start.plusDays(2),
				List.of(new TripDraft.Stop(title, 30.0, 120.0, 1)), 4, java.math.BigDecimal.valueOf(1000), "CNY",
				List.of("zh"), List.of()));
		trips.publish(organizer, id);
		return id;
	}

	private static boolean found(ConfigurableApplicationContext app, String query, TripId trip) {
		return app.getBean(TripSearching.class).search(query, null, null, null, null, null, null, 50).hits()
				.stream().anyMatch(hit -> hit.tripId().equals(trip.toString()));
	}

	private static double rebuilds(ConfigurableApplicationContext app) {
		return app.getBean(MeterRegistry.class).get("yuelv.search.rebuilds").gauge().value();
	}

	private static String indexPublication(JdbcClient jdbc, TripId trip) {
		return jdbc.sql("select coalesce(max(status), 'NONE') from platform.event_publication "
				+ "where listener_id like '%TripIndexFeed%' and serialized_event like ?")
				.param("%" + trip + "%").query(String.class).single();
	}
}
