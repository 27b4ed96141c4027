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

import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.ReadModel;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripCancelled;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripPublished;
import com.yuelv.trip.TripWithdrawn;

/**
 * Feeds the trip index: every publication and cancellation as it happens, and every public trip of the trip module
 * when the index has to be rebuilt. A publication of a trip event completes only after the index committed the
 * change, so the event publication registry redelivers whatever a crash interrupted. As a {@link ReadModel}, the
 * index has caught up once a rebuild or a catch-up finished in this process: until then the deployment is not ready
 * (a search deployment taking over from another shape starts with an index of its own).
 */
@Component
class TripIndexFeed implements ReadModel {

	private static final Logger LOG = LoggerFactory.getLogger(TripIndexFeed.class);

	/** How far back a catch-up looks before its last mark: transactions may commit in another order than they ran. */
	static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(2);
	static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
	static final Duration MAX_PAUSE = Duration.ofSeconds(30);

	private final TripIndex index;
	private final TripSearching searching;
	private final ErasedPeople erased;
	private final TripApi trips;
	private final Clock clock;
	private final AtomicBoolean rebuilding = new AtomicBoolean();
	private final AtomicBoolean caughtUp = new AtomicBoolean();

	TripIndexFeed(TripIndex index, TripSearching searching, TripApi trips, ErasedPeople erased, Clock clock) {
		this.index = index;
		this.searching = searching;
		this.erased = erased;
		this.trips = trips;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(TripPublished event) {
		if (!erased.includesAnyOf(event.organizerId())) {
			index.apply(event.trip());
		}
	}

	@ApplicationModuleListener
	void on(TripCancelled event) {
		if (event.wasPublished() && !erased.includesAnyOf(event.organizerId())) {
			index.apply(event.trip());
		}
	}

	/** A trip gone with its organizer's account leaves the index, its texts expunged from the index's files. */
	@ApplicationModuleListener
	void on(TripWithdrawn event) {
		searching.withdraw(event.tripId());
	}

	@Override
	public String name() {
		return "search-index";
	}

	@Override
	public boolean caughtUp() {
		return caughtUp.get();
	}

	/**
	 * Once the application is up, in the background: rebuilds a lost index, or catches up with what changed while
	 * this process did not run. Tried again with a growing pause until it succeeds: the trip module may run in a
	 * deployment that is still starting.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void bringUpToDate() {
		if (!rebuilding.compareAndSet(false, true)) {
			return;
		}
		Thread.ofVirtual().name("search-index-bring-up-to-date").start(() -> {
			try {
				var pause = FIRST_PAUSE;
				while (true) {
					try {
						if (index.needsRebuild()) {
							rebuild();
						}
						rebuilding.set(false);
						// what changed while this process was away, or while it rebuilt
						catchUp();
						return;
					}
					catch (RuntimeException e) {
						LOG.warn("Bringing the search index up to date did not finish, trying again in {}: {}", pause,
								e.toString());
					}
					Thread.sleep(pause);
					pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			finally {
				rebuilding.set(false);
			}
		});
	}

	/**
	 * Catches up with trip changes this process did not hear of: events are delivered in the process that published
	 * them, so with several replicas each one's index learns of the others' changes here, withdrawals included.
	 * Applying a change twice is harmless (versions; a withdrawn trip is simply absent), so the catch-up looks back a
	 * margin before its last mark.
	 */
	@Scheduled(initialDelayString = "${yuelv.search.catch-up-interval}",
			fixedDelayString = "${yuelv.search.catch-up-interval}")
	synchronized void catchUp() {
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
		var withdrawnSince = mark.get().minus(CATCH_UP_MARGIN);
		@Nullable TripId lastWithdrawn = null;
		while (true) {
			var withdrawn = trips.withdrawnSince(withdrawnSince, lastWithdrawn, TripApi.MAX_BATCH);
			withdrawn.forEach(withdrawal -> searching.withdraw(withdrawal.tripId()));
			if (withdrawn.size() < TripApi.MAX_BATCH) {
				break;
			}
			withdrawnSince = withdrawn.getLast().withdrawnAt();
			lastWithdrawn = withdrawn.getLast().tripId();
		}
		index.synced(upTo);
		caughtUp.set(true);
		LOG.debug("Search index caught up with {} trip changes", applied);
	}

	/** Rebuilds the index from every public trip; a rebuild that does not finish is done again from the start. */
	private void rebuild() {
		var upTo = clock.instant();
		var started = System.nanoTime();
		var count = trips.forEachPublicTrip(index::applyAll);
		index.rebuilt(upTo);
		caughtUp.set(true);
		LOG.info("Search index rebuilt from {} trips in {} ms", count, (System.nanoTime() - started) / 1_000_000);
	}
}
