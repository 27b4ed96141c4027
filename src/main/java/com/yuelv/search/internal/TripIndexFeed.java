package com.yuelv.search.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripPublished;

/**
 * Feeds the trip index: every publication and cancellation as it happens, and every public trip of the trip module
 * when the index has to be rebuilt. A publication of a trip event completes only after the index committed the
 * change, so the event publication registry redelivers whatever a crash interrupted.
 */
@Component
class TripIndexFeed {

	private static final Logger LOG = LoggerFactory.getLogger(TripIndexFeed.class);

	/** How far back a catch-up looks before its last mark: transactions may commit in another order than they ran. */
	static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(2);

	private final TripIndex index;
	private final TripApi trips;
	private final Clock clock;
	private final AtomicBoolean rebuilding = new AtomicBoolean();

	TripIndexFeed(TripIndex index, TripApi trips, Clock clock) {
		this.index = index;
		this.trips = trips;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(TripPublished event) {
		index.apply(event.trip());
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		if (event.wasPublished()) {
			index.apply(event.trip());
		}
	}

	/** Rebuilds a lost index once the application is up, in the background; searches meanwhile see fewer trips. */
	@EventListener(ApplicationReadyEvent.class)
	void rebuildIfLost() {
		if (index.needsRebuild() && rebuilding.compareAndSet(false, true)) {
			Thread.ofVirtual().name("search-index-rebuild").start(this::rebuild);
		}
	}

	/**
	 * Catches up with trip changes this process did not hear of: events are delivered in the process that published
	 * them, so with several replicas each one's index learns of the others' changes here. Applying a change twice is
	 * harmless (versions), so the catch-up looks back a margin before its last mark.
	 */
	@Scheduled(initialDelayString = "${yuelv.search.catch-up-interval}",
			fixedDelayString = "${yuelv.search.catch-up-interval}")
	void catchUp() {
		if (rebuilding.get() || index.needsRebuild()) {
			return;
		}
		var mark = index.syncedUntil();
		if (mark.isEmpty()) {
			return;
		}
		var upTo = clock.instant();
		var since = mark.get().minus(CATCH_UP_MARGIN);
		@Nullable TripId after = null;
		var applied = 0;
		while (true) {
			var batch = trips.publicTripsChanged(since, after, TripApi.MAX_BATCH);
			if (batch.isEmpty()) {
				break;
			}
			index.applyAll(batch);
			applied += batch.size();
			since = batch.getLast().lastPublicChange();
			after = batch.getLast().tripId();
		}
		index.synced(upTo);
		LOG.debug("Search index caught up with {} trip changes", applied);
	}

	void rebuild() {
		try {
			var upTo = clock.instant();
			var started = System.nanoTime();
			var count = trips.forEachPublicTrip(index::applyAll);
			index.rebuilt(upTo);
			LOG.info("Search index rebuilt from {} trips in {} ms", count, (System.nanoTime() - started) / 1_000_000);
		}
		catch (RuntimeException e) {
			LOG.warn("Rebuilding the search index did not finish; the next start tries again: {}", e.toString());
		}
		finally {
			rebuilding.set(false);
		}
	}
}
