package com.yuelv.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.search.internal.TripSearching;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripFixtures;

/**
 * The search module on its own, its read model fed by the trip events a {@code Scenario} publishes: a published trip
 * is found by a word of its title, and a cancelled one leaves the results. The trip module is a mock that knows no
 * trips, so nothing reaches the index but the events.
 */
@ModuleWithPlatformTest
class SearchModuleTests {

	@MockitoBean TripApi trips;
	@Autowired TripSearching searching;

	private long found(String word) {
		return searching.search(word, null, null, null, null, null, null, 20).total();
	}

	@Test
	void aPublishedTripIsFoundAndACancelledOneLeavesTheResults(Scenario scenario) {
		var word = "玉龙雪山" + UUID.randomUUID().toString().substring(0, 6);
		var trip = TripFixtures.published(UserId.random(), "zh", word + "徒步", 4);

		scenario.publish(TripFixtures.publication(trip))
				.andWaitForStateChange(() -> found(word), hits -> hits == 1)
				.andVerify(hits -> assertThat(hits).isEqualTo(1));

		scenario.publish(new TripCancelled(UUID.randomUUID(), Instant.now(), TripFixtures.cancelled(trip), true))
				.andWaitForStateChange(() -> found(word), hits -> hits == 0)
				.andVerify(hits -> assertThat(hits).isZero());
	}
}
