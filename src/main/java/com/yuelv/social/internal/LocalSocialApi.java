package com.yuelv.social.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.Blocks;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.trip.TripId;

/**
 * Serves {@link SocialApi} and the shared kernel's {@link Blocks} in the same process as their caller.
 */
@Component
class LocalSocialApi implements SocialApi, Blocks {

	private final JdbcClient jdbc;

	LocalSocialApi(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public boolean follows(UserId follower, UserId followee) {
		return jdbc.sql("select count(*) from social.relationships where person_id = ? and other_id = ? and following")
				.params(follower.value(), followee.value()).query(Long.class).single() > 0;
	}

	@Override
	@Transactional(readOnly = true)
	public long followerCount(UserId person) {
		return jdbc.sql("select count(*) from social.relationships where other_id = ? and following")
				.param(person.value()).query(Long.class).single();
	}

	@Override
	@Transactional(readOnly = true)
	public List<UserId> followers(UserId person, @Nullable UserId after, int limit) {
		return batch("person_id", "other_id", person, after, limit);
	}

	@Override
	@Transactional(readOnly = true)
	public List<UserId> following(UserId person, @Nullable UserId after, int limit) {
		return batch("other_id", "person_id", person, after, limit);
	}

	@Override
	@Transactional(readOnly = true)
	public Set<UserId> followsAmong(UserId follower, Collection<UserId> candidates) {
		if (candidates.size() > MAX_BATCH) {
			throw new IllegalArgumentException("At most " + MAX_BATCH + " candidates at once");
		}
		if (candidates.isEmpty()) {
			return Set.of();
		}
		var followed = new HashSet<UserId>();
		jdbc.sql("select other_id from social.relationships where person_id = :follower and following "
				+ "and other_id in (:candidates)").param("follower", follower.value())
				.param("candidates", candidates.stream().map(UserId::value).distinct().toList()).query(UUID.class)
				.list().forEach(id -> followed.add(new UserId(id)));
		return followed;
	}

	/** One side of the follows of a person, in the order of the other side's ids. */
	private List<UserId> batch(String wanted, String given, UserId person, @Nullable UserId after, int limit) {
		if (limit < 1 || limit > MAX_BATCH) {
			throw new IllegalArgumentException("A batch of follows holds 1 to " + MAX_BATCH);
		}
		var query = jdbc.sql("select " + wanted + " from social.relationships where " + given + " = :person "
				+ "and following" + (after == null ? "" : " and " + wanted + " > :after") + " order by " + wanted
				+ " limit :limit").param("person", person.value()).param("limit", limit);
		if (after != null) {
			query = query.param("after", after.value());
		}
		return query.query(UUID.class).list().stream().map(UserId::new).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public Set<UserId> muted(UserId person) {
		return ids("select other_id from social.relationships where person_id = ? and muted", person);
	}

	@Override
	@Transactional(readOnly = true)
	public boolean travelsOn(TripId trip, UserId person) {
		return jdbc.sql("""
				select count(*) from social.trip_members m where m.trip_id = ? and m.member_id = ? and m.member
				    and not exists (select 1 from social.cancelled_trips c where c.trip_id = m.trip_id)""")
				.params(trip.value(), person.value()).query(Long.class).single() > 0;
	}

	@Override
	@Transactional(readOnly = true)
	public List<UserId> travellers(TripId trip) {
		return jdbc.sql("""
				select m.member_id from social.trip_members m where m.trip_id = ? and m.member
				    and not exists (select 1 from social.cancelled_trips c where c.trip_id = m.trip_id)
				order by m.member_id""").param(trip.value()).query(UUID.class).list().stream().map(UserId::new)
				.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public boolean between(UserId one, UserId other) {
		return jdbc.sql("""
				select count(*) from social.relationships where blocked
				    and (person_id = :one and other_id = :other or person_id = :other and other_id = :one)""")
				.param("one", one.value()).param("other", other.value()).query(Long.class).single() > 0;
	}

	@Override
	@Transactional(readOnly = true)
	public Set<UserId> around(UserId person) {
		var around = ids("select other_id from social.relationships where person_id = ? and blocked", person);
		around.addAll(ids("select person_id from social.relationships where other_id = ? and blocked", person));
		return around;
	}

	private Set<UserId> ids(String sql, UserId person) {
		var ids = new HashSet<UserId>();
		jdbc.sql(sql).param(person.value()).query(UUID.class).list().forEach(id -> ids.add(new UserId(id)));
		return ids;
	}
}
