package com.yuelv.platform.events;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the event publication registry (the outbox) healthy while the application runs: publications whose listener
 * failed are resubmitted after a pause, and completed ones are purged once they are old. Outstanding publications
 * left by a crash or by another shape of the application are resubmitted once the application is ready, those older
 * than {@code yuelv.events.outstanding-after} (younger ones may still be in the hands of the process that published
 * them); publications whose process died are marked failed by the registry's staleness check
 * ({@code spring.modulith.events.staleness.*}) and then resubmitted like any failed one. A deployment resubmits only
 * its {@link OwnPublications own}. Listeners deduplicate by event id, so a publication delivered twice still takes
 * effect once. The registry reads a batch of the oldest failed publications before the filter picks this deployment's
 * own: while more than {@code yuelv.events.retry-batch-size} failed ones of a deployment that is down come first,
 * the others' wait for them to be delivered.
 */
@Component
class EventPublicationMaintenance {

	private static final Logger LOG = LoggerFactory.getLogger(EventPublicationMaintenance.class);

	/**
	 * Settings under {@code yuelv.events.*}.
	 *
	 * @param retryAfter how long a failed publication rests before it is resubmitted
	 * @param retryBatchSize how many failed publications one round resubmits
	 * @param keepCompleted how long completed publications are kept for inspection
	 * @param outstandingAfter how old an unfinished publication must be for a starting deployment to resubmit it, and
	 *        an event another shape did not finish sending for this deployment to take it over
	 * @param backlogInterval how often the backlog (the outbox's unfinished publications, the queues' depths) is read
	 *        for the metrics and {@code /actuator/events}
	 */
	@ConfigurationProperties("yuelv.events")
	record Settings(@DefaultValue("30s") Duration retryAfter, @DefaultValue("100") int retryBatchSize,
			@DefaultValue("7d") Duration keepCompleted, @DefaultValue("10s") Duration outstandingAfter,
			@DefaultValue("15s") Duration backlogInterval) {}

	private final IncompleteEventPublications incomplete;
	private final FailedEventPublications failed;
	private final CompletedEventPublications completed;
	private final OwnPublications own;
	private final Settings settings;
	private final Clock clock;

	EventPublicationMaintenance(IncompleteEventPublications incomplete, FailedEventPublications failed,
			CompletedEventPublications completed, OwnPublications own, Settings settings, Clock clock) {
		this.incomplete = incomplete;
		this.failed = failed;
		this.completed = completed;
		this.own = own;
		this.settings = settings;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void resubmitOutstanding() {
		var before = clock.instant().minus(settings.outstandingAfter());
		incomplete.resubmitIncompletePublications(publication -> publication.getPublicationDate().isBefore(before)
				&& own.test(publication));
	}

	@Scheduled(initialDelayString = "${yuelv.events.retry-interval:30s}",
			fixedDelayString = "${yuelv.events.retry-interval:30s}")
	void resubmitFailed() {
		failed.resubmit(ResubmissionOptions.defaults()
				.withMinAge(settings.retryAfter())
				.withBatchSize(settings.retryBatchSize())
				.withFilter(own));
	}

	@Scheduled(initialDelayString = "1h", fixedDelayString = "1h")
	void purgeCompleted() {
		completed.deletePublicationsOlderThan(settings.keepCompleted());
		LOG.debug("Purged completed event publications older than {}", settings.keepCompleted());
	}
}
