package com.yuelv.search.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
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

	private final TripIndex index;
	private final TripApi trips;
	private final AtomicBoolean rebuilding = new AtomicBoolean();

	TripIndexFeed(TripIndex index, TripApi trips) {
		this.index = index;
		this.trips = trips;
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

	void rebuild() {
		try {
			var started = System.nanoTime();
			var count = 0;
			@Nullable TripId after = null;
			while (true) {
				var batch = trips.publicTrips(after, TripApi.MAX_BATCH);
				if (batch.isEmpty()) {
					break;
				}
				index.applyAll(batch);
				count += batch.size();
				after = batch.getLast().tripId();
			}
			index.rebuilt();
			LOG.info("Search index rebuilt from {} trips in {} ms", count, (System.nanoTime() - started) / 1_000_000);
		}
		catch (RuntimeException e) {
			LOG.error("Rebuilding the search index failed; the next start tries again", e);
		}
		finally {
			rebuilding.set(false);
		}
	}
}
