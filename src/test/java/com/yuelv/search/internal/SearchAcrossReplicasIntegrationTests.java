package com.yuelv.search.internal;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.yuelv.PostgresDatabases;
import com.yuelv.YuelvApplication;
import com.yuelv.identity.IdentityApi;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDraft;

/**
 * Two replicas on one PostgreSQL database, each with its own index. Trip events reach only the replica that
 * published them; the other one learns of the trip, and of its withdrawal, by catching up with the trip module.
 */
class SearchAcrossReplicasIntegrationTests {

	@Test
	void aTripPublishedThroughOneReplicaIsFoundThroughTheOtherUntilItIsWithdrawn() {
		var url = PostgresDatabases.recreate("yuelv_it_search_replicas");
		try (var a = start(url); var b = start(url)) {
			var organizer = a.getBean(IdentityApi.class).register("replica-" + UUID.randomUUID() + "@yuelv.test",
					"a long enough passphrase", "复制");
			var trips = a.getBean(TripApi.class);
			var start = LocalDate.now().plusDays(10);
			var trip = trips.draft(organizer, new TripDraft(Map.of("zh", "稻城亚丁转山"), null, "稻城", start,
					start.plusDays(5), List.of(new TripDraft.Stop("亚丁", 28.4, 100.3, 1)), 5, BigDecimal.valueOf(5000),
					"CNY", List.of("zh"), List.of()));
			trips.publish(organizer, trip);

			await().atMost(Duration.ofSeconds(10)).until(() -> found(a, trip.toString()));
			await().atMost(Duration.ofSeconds(10)).until(() -> found(b, trip.toString()));

			trips.publish(organizer, trips.draft(organizer, new TripDraft(Map.of("zh", "稻城亚丁第二团"), null, "稻城",
					start, start.plusDays(5), List.of(new TripDraft.Stop("亚丁", 28.4, 100.3, 1)), 5,
					BigDecimal.valueOf(5000), "CNY", List.of("zh"), List.of())));
			await().atMost(Duration.ofSeconds(10)).until(() -> hits(b, "亚丁") == 2);

			// the organizer's data is erased: the trips are withdrawn through whichever replica advances the erasure,
			// and the other replica's index drops them when it catches up
			a.getBean(ErasedPeople.class).requestErasure(organizer);
			await().atMost(Duration.ofSeconds(20)).until(() -> hits(a, "亚丁") == 0 && hits(b, "亚丁") == 0);
		}
	}

	private static int hits(ConfigurableApplicationContext app, String text) {
		return app.getBean(TripSearching.class).search(text, null, null, null, null, null, null, 10).hits().size();
	}

	private static boolean found(ConfigurableApplicationContext app, String trip) {
		return app.getBean(TripSearching.class).search("稻城", null, null, null, null, null, null, 10).hits().stream()
				.anyMatch(hit -> hit.tripId().equals(trip));
	}

	private static ConfigurableApplicationContext start(String url) {
		return new SpringApplicationBuilder(YuelvApplication.class)
				.profiles("test", "postgres")
				.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresDatabases.USER,
						"--server.port=0", "--yuelv.search.catch-up-interval=1s");
	}
}
