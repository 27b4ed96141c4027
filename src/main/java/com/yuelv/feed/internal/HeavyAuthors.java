package com.yuelv.feed.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.yuelv.shared.UserId;

/**
 * The authors read by fan-in: those with more followers than the threshold when they posted. Few by nature (the
 * accounts with tens of thousands of followers), so every replica keeps the whole list, read again from the database
 * every {@value #REFRESH_SECONDS} seconds; an author is added by the replica that handles their post, and the others
 * learn of it within that time, during which the author's new moments are in no timeline yet and show on the next
 * read after it.
 */
@Component
class HeavyAuthors {

	static final int REFRESH_SECONDS = 10;

	private final JdbcClient jdbc;
	private final Clock clock;
	private final LoadingCache<Boolean, Set<UserId>> all;

	HeavyAuthors(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.all = Caffeine.newBuilder().refreshAfterWrite(Duration.ofSeconds(REFRESH_SECONDS))
				.expireAfterWrite(Duration.ofSeconds(REFRESH_SECONDS * 6)).build(key -> load());
	}

	/** Every author read by fan-in. */
	Set<UserId> all() {
		return all.get(Boolean.TRUE);
	}

	/** Forgets the author, whose data is erased; the other replicas forget them at their next refresh. */
	void forget(UserId author) {
		jdbc.sql("delete from feed.heavy_authors where author_id = ?").param(author.value()).update();
		all.invalidateAll();
	}

	/** Adds the author, or updates their count of followers. */
	@Transactional
	void add(UserId author, long followers) {
		var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
		if (jdbc.sql("update feed.heavy_authors set follower_count = ?, marked_at = ? where author_id = ?")
				.params(followers, now, author.value()).update() == 0) {
			jdbc.sql("insert into feed.heavy_authors (author_id, follower_count, marked_at) values (?, ?, ?) "
					+ "on conflict do nothing").params(author.value(), followers, now).update();
		}
		all.invalidateAll();
	}

	private Set<UserId> load() {
		List<UUID> ids = jdbc.sql("select author_id from feed.heavy_authors").query(UUID.class).list();
		return ids.stream().map(UserId::new).collect(Collectors.toUnmodifiableSet());
	}
}
