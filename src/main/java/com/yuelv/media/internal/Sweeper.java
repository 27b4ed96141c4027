package com.yuelv.media.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what no one will be shown again: released photos and uploads no moment took within
 * {@code yuelv.media.unattached-for}, then the files no photo uses that were not touched for {@link #FILE_GRACE}
 * (an upload touches its files' rows before writing them). Each file's row is deleted in a transaction first and the
 * file after, by whichever replica deleted the row.
 */
@Component
class Sweeper {

	static final Duration FILE_GRACE = Duration.ofHours(1);
	private static final int BATCH = 500;
	private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
	private static final String UNUSED = """
			not exists (select 1 from media.photos p
			    where p.original_sha = b.sha or p.large_sha = b.sha or p.small_sha = b.sha)""";

	private final Photos photos;
	private final BlobStore blobs;
	private final JdbcClient jdbc;
	private final TransactionTemplate transactions;
	private final MediaSettings settings;
	private final Clock clock;

	Sweeper(Photos photos, BlobStore blobs, JdbcClient jdbc, TransactionTemplate transactions, MediaSettings settings,
			Clock clock) {
		this.photos = photos;
		this.blobs = blobs;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${yuelv.media.sweep-interval:10m}",
			fixedDelayString = "${yuelv.media.sweep-interval:10m}")
	void sweep() {
		var photosDeleted = sweepPhotos();
		var filesDeleted = sweepFiles();
		if (photosDeleted + filesDeleted > 0) {
			LOG.info("Deleted {} photos and {} files no one is shown", photosDeleted, filesDeleted);
		}
	}

	int sweepPhotos() {
		var deleted = 0;
		int batch;
		do {
			batch = transactions.execute(status -> {
				var sweepable = photos.sweepable(clock.instant().minus(settings.unattachedFor()), Limit.of(BATCH));
				photos.deleteAll(sweepable);
				return sweepable.size();
			});
			deleted += batch;
		}
		while (batch == BATCH);
		return deleted;
	}

	int sweepFiles() {
		var cutoff = OffsetDateTime.ofInstant(clock.instant().minus(FILE_GRACE), ZoneOffset.UTC);
		var deleted = 0;
		var candidates = jdbc.sql("select b.sha from media.blobs b where b.touched_at < ? and " + UNUSED
				+ " limit " + BATCH).param(cutoff).query(String.class).list();
		for (var sha : candidates) {
			var mine = transactions.execute(status -> jdbc.sql("delete from media.blobs b where b.sha = ? "
					+ "and b.touched_at < ? and " + UNUSED).params(sha, cutoff).update() == 1);
			if (Boolean.TRUE.equals(mine)) {
				blobs.delete(sha);
				deleted++;
			}
		}
		return deleted;
	}
}
