package com.yuelv.platform.events;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the event publication registry (the outbox) healthy while the application runs: publications whose listener
 * failed are resubmitted after a pause, and completed ones are purged once they are old. Outstanding publications
 * left by a crash are resubmitted at start ({@code spring.modulith.events.republish-outstanding-events-on-restart}).
 * Listeners deduplicate by event id, so a publication delivered twice still takes effect once.
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
	 */
	@ConfigurationProperties("yuelv.events")
	record Settings(@DefaultValue("30s") Duration retryAfter, @DefaultValue("100") int retryBatchSize,
			@DefaultValue("7d") Duration keepCompleted) {}

	private final FailedEventPublications failed;
	private final CompletedEventPublications completed;
	private final Settings settings;

	EventPublicationMaintenance(FailedEventPublications failed, CompletedEventPublications completed,
			Settings settings) {
		this.failed = failed;
		this.completed = completed;
		this.settings = settings;
	}

	@Scheduled(initialDelayString = "${yuelv.events.retry-interval:30s}",
			fixedDelayString = "${yuelv.events.retry-interval:30s}")
	void resubmitFailed() {
		failed.resubmit(ResubmissionOptions.defaults()
				.withMinAge(settings.retryAfter())
				.withBatchSize(settings.retryBatchSize()));
	}

	@Scheduled(initialDelayString = "1h", fixedDelayString = "1h")
	void purgeCompleted() {
		completed.deletePublicationsOlderThan(settings.keepCompleted());
		LOG.debug("Purged completed event publications older than {}", settings.keepCompleted());
	}
}
