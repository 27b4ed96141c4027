package com.yuelv.social.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.identity.IdentityApi;
import com.yuelv.identity.PublicProfile;
import com.yuelv.shared.Blocks;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * What people do with each other: follow, mute and block, and the lists that come of it. Every change of a pair locks
 * both of its relationships, in one order whoever acts ({@link #lockPair}). A block hides each of the two from the
 * other: the other's lists and standing answer as if the blocked person did not exist, and neither appears in the
 * other's lists.
 */
@Service
public class SocialGraph {

	static final int MAX_PAGE_SIZE = 100;
	private static final String FOLLOWERS = "followers";
	private static final String FOLLOWING = "following";
	private static final String BLOCKED = "blocked";
	private static final String MUTED = "muted";

	/** Neither of the two blocked the other: appended to a query whose listed person's id is {@code listed}. */
	private static final String NOT_BLOCKED = """
			and not exists (select 1 from social.relationships b where b.blocked
			    and (b.person_id = :viewer and b.other_id = listed or b.person_id = listed and b.other_id = :viewer))""";

	private final Relationships relationships;
	private final Blocks blocks;
	private final JdbcClient jdbc;
	private final IdentityApi identity;
	private final PageTokens pageTokens;
	private final Clock clock;

	SocialGraph(Relationships relationships, Blocks blocks, JdbcClient jdbc, IdentityApi identity,
			PageTokens pageTokens, Clock clock) {
		this.relationships = relationships;
		this.blocks = blocks;
		this.jdbc = jdbc;
		this.identity = identity;
		this.pageTokens = pageTokens;
		this.clock = clock;
	}

	/** A person in a list, with the moment the listed relationship began where it has one. */
	public record Person(UserId userId, String displayName, @Nullable Instant since) {}

	/** One page of a list, and the token of the page after it if there is one. */
	public record PeoplePage(List<Person> people, @Nullable String nextPageToken) {}

	/**
	 * What a person is to the viewer, and how many follow them and whom they follow. Whom the viewer blocks has no
	 * standing for them, as they have none for whom they block.
	 */
	public record Standing(UserId userId, String displayName, long followers, long following, boolean followedByYou,
			boolean followsYou, boolean mutedByYou) {}

	/** Follows the other person; following someone one follows already changes nothing. */
	@Transactional
	public void follow(UserId person, UserId other) {
		var pair = Relationship.Pair.of(person, other);
		profile(other);
		var name = profile(person).displayName();
		var locked = lockPair(pair);
		if (locked.theirs().isBlocked()) {
			// whom the other blocks, the other does not exist for; whom one blocks oneself, the relationship refuses
			throw personNotFound(other);
		}
		locked.mine().follow(name, clock.instant());
		relationships.save(locked.mine());
	}

	@Transactional
	public void unfollow(UserId person, UserId other) {
		if (!related(person, other)) {
			return;
		}
		var locked = lockPair(Relationship.Pair.of(person, other));
		locked.mine().unfollow(clock.instant());
		relationships.save(locked.mine());
	}

	/** Blocks the other person: neither follows the other any more, and each is hidden from the other. */
	@Transactional
	public void block(UserId person, UserId other) {
		var pair = Relationship.Pair.of(person, other);
		profile(other);
		var locked = lockPair(pair);
		if (!locked.mine().isBlocked() && blocksBy(person) >= Blocks.MAX_BLOCKS) {
			throw Rejection.conflict("too-many-blocks", "You block %d people, the most one may; unblock someone first."
					.formatted(Blocks.MAX_BLOCKS));
		}
		var now = clock.instant();
		locked.mine().block(now);
		locked.theirs().blockedByOther(now);
		relationships.save(locked.mine());
		relationships.save(locked.theirs());
	}

	@Transactional
	public void unblock(UserId person, UserId other) {
		if (!related(person, other)) {
			return;
		}
		var locked = lockPair(Relationship.Pair.of(person, other));
		locked.mine().unblock(clock.instant());
		relationships.save(locked.mine());
	}

	/** Hides the other person from one's own feed. */
	@Transactional
	public void mute(UserId person, UserId other) {
		var pair = Relationship.Pair.of(person, other);
		visible(person, other);
		var locked = lockPair(pair);
		locked.mine().mute();
		relationships.save(locked.mine());
	}

	@Transactional
	public void unmute(UserId person, UserId other) {
		if (!related(person, other)) {
			return;
		}
		var locked = lockPair(Relationship.Pair.of(person, other));
		locked.mine().unmute();
		relationships.save(locked.mine());
	}

	/** What the person is to the viewer. */
	@Transactional(readOnly = true)
	public Standing standing(UserId viewer, UserId person) {
		var profile = visible(viewer, person);
		var followers = jdbc.sql("select count(*) from social.relationships where other_id = ? and following")
				.param(person.value()).query(Long.class).single();
		var following = jdbc.sql("select count(*) from social.relationships where person_id = ? and following")
				.param(person.value()).query(Long.class).single();
		if (viewer.equals(person)) {
			return new Standing(person, profile.displayName(), followers, following, false, false, false);
		}
		var mine = relationships.findById(new Relationship.Pair(viewer.value(), person.value()));
		var theirs = relationships.findById(new Relationship.Pair(person.value(), viewer.value()));
		return new Standing(person, profile.displayName(), followers, following,
				mine.map(Relationship::isFollowing).orElse(false), theirs.map(Relationship::isFollowing).orElse(false),
				mine.map(Relationship::isMuted).orElse(false));
	}

	/** The person's followers, newest first, without anyone the viewer blocks or is blocked by. */
	@Transactional(readOnly = true)
	public PeoplePage followers(UserId viewer, UserId person, @Nullable String pageToken, int size) {
		return newestFirst(viewer, person, FOLLOWERS, "person_id", "other_id", pageToken, size);
	}

	/** Whom the person follows, newest first, without anyone the viewer blocks or is blocked by. */
	@Transactional(readOnly = true)
	public PeoplePage following(UserId viewer, UserId person, @Nullable String pageToken, int size) {
		return newestFirst(viewer, person, FOLLOWING, "other_id", "person_id", pageToken, size);
	}

	/** Someone one travelled with, and on how many trips. */
	public record Companion(UserId userId, String displayName, long trips) {}

	/** The people one travelled with, most trips together first, without anyone one blocks or is blocked by. */
	@Transactional(readOnly = true)
	public List<Companion> companions(UserId person, int size) {
		checkSize(size);
		var rows = jdbc.sql("""
				select m2.member_id as listed, count(*) as trips
				from social.trip_members m1
				join social.trip_members m2 on m2.trip_id = m1.trip_id and m2.member and m2.member_id <> m1.member_id
				where m1.member_id = :viewer and m1.member
				  and not exists (select 1 from social.cancelled_trips c where c.trip_id = m1.trip_id)
				""" + NOT_BLOCKED.replace("listed", "m2.member_id") + """

				group by m2.member_id order by trips desc, m2.member_id limit :limit""")
				.param("viewer", person.value()).param("limit", size)
				.query((rs, row) -> Map.entry(rs.getObject("listed", UUID.class), rs.getLong("trips"))).list();
		var companions = new ArrayList<Companion>();
		for (var row : rows) {
			identity.profile(new UserId(row.getKey())).ifPresent(profile -> companions.add(new Companion(
					profile.userId(), profile.displayName(), row.getValue())));
		}
		return companions;
	}

	/** The people one blocks, in the order of their ids. */
	@Transactional(readOnly = true)
	public PeoplePage blocked(UserId person, @Nullable String pageToken, int size) {
		return byId(person, BLOCKED, "blocked", "blocked_at", pageToken, size);
	}

	/** The people one muted, in the order of their ids. */
	@Transactional(readOnly = true)
	public PeoplePage muted(UserId person, @Nullable String pageToken, int size) {
		return byId(person, MUTED, "muted", "cast(null as timestamp with time zone)", pageToken, size);
	}

	private PeoplePage newestFirst(UserId viewer, UserId person, String listing, String listed, String owner,
			@Nullable String pageToken, int size) {
		checkSize(size);
		visible(viewer, person);
		var sql = new StringBuilder(("select r.%s as listed, r.followed_at from social.relationships r "
				+ "where r.%s = :person and r.following").formatted(listed, owner));
		var query = new java.util.HashMap<String, Object>();
		query.put("person", person.value());
		if (pageToken != null) {
			var after = pageTokens.read("pageToken", listing + ":" + person.value(), 2, pageToken,
					key -> new Position(Instant.parse(key.get(0)), UUID.fromString(key.get(1))));
			sql.append(" and (r.followed_at < :at or r.followed_at = :at and r.%s < :id)".formatted(listed));
			query.put("at", OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC));
			query.put("id", after.id());
		}
		sql.append(' ').append(NOT_BLOCKED.replace("listed", "r." + listed));
		query.put("viewer", viewer.value());
		sql.append(" order by r.followed_at desc, r.%s desc limit %d".formatted(listed, size + 1));
		var rows = jdbc.sql(sql.toString()).params(query).query(SocialGraph::row).list();
		return page(rows, size, last -> pageTokens.issue(listing + ":" + person.value(),
				List.of(last.at().toString(), last.id().toString())));
	}

	private PeoplePage byId(UserId person, String listing, String flag, String since, @Nullable String pageToken,
			int size) {
		checkSize(size);
		var sql = new StringBuilder(("select other_id as listed, %s as followed_at from social.relationships "
				+ "where person_id = :person and %s").formatted(since, flag));
		var query = new java.util.HashMap<String, Object>();
		query.put("person", person.value());
		if (pageToken != null) {
			var after = pageTokens.read("pageToken", listing, 1, pageToken, key -> UUID.fromString(key.getFirst()));
			sql.append(" and other_id > :id");
			query.put("id", after);
		}
		sql.append(" order by other_id limit %d".formatted(size + 1));
		var rows = jdbc.sql(sql.toString()).params(query).query(SocialGraph::row).list();
		return page(rows, size, last -> pageTokens.issue(listing, List.of(last.id().toString())));
	}

	private PeoplePage page(List<Position> rows, int size, java.util.function.Function<Position, String> token) {
		var shown = rows.size() > size ? rows.subList(0, size) : rows;
		var people = new ArrayList<Person>();
		for (var row : shown) {
			// an account erased since is left out of the page rather than shown without a name
			identity.profile(new UserId(row.id())).ifPresent(profile -> people.add(new Person(profile.userId(),
					profile.displayName(), row.at())));
		}
		return new PeoplePage(people, rows.size() > size ? token.apply(shown.getLast()) : null);
	}

	/** Where a page ended: the moment the last relationship began (if it has one) and the last person's id. */
	private record Position(@Nullable Instant at, UUID id) {}

	private static Position row(ResultSet rs, int row) throws SQLException {
		var at = rs.getObject("followed_at", OffsetDateTime.class);
		return new Position(at == null ? null : at.toInstant(), rs.getObject("listed", UUID.class));
	}

	private static void checkSize(int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
	}

	/**
	 * Whether the person has a relationship to the other at all: undoing what was never done changes nothing, and
	 * makes no relationship (with an erased person's id, say).
	 */
	private boolean related(UserId person, UserId other) {
		return jdbc.sql("select count(*) from social.relationships where person_id = ? and other_id = ?")
				.params(person.value(), other.value()).query(Long.class).single() > 0;
	}

	private long blocksBy(UserId person) {
		return jdbc.sql("select count(*) from social.relationships where person_id = ? and blocked")
				.param(person.value()).query(Long.class).single();
	}

	/** Both relationships of a pair, made if they are new, locked in the order of their pairs whoever acts. */
	private Locked lockPair(Relationship.Pair pair) {
		var reversed = pair.reversed();
		var first = compare(pair, reversed) < 0 ? pair : reversed;
		var second = first == pair ? reversed : pair;
		relationships.ensure(first.personId(), first.otherId());
		relationships.ensure(second.personId(), second.otherId());
		var one = relationships.lock(first).orElseThrow();
		var other = relationships.lock(second).orElseThrow();
		return first == pair ? new Locked(one, other) : new Locked(other, one);
	}

	private static int compare(Relationship.Pair one, Relationship.Pair other) {
		var byPerson = one.personId().compareTo(other.personId());
		return byPerson != 0 ? byPerson : one.otherId().compareTo(other.otherId());
	}

	/** A pair's relationships: the acting person's to the other, and the other's to them. */
	private record Locked(Relationship mine, Relationship theirs) {}

	/** The person's profile, unless there is no such person or a block stands between them and the viewer. */
	private PublicProfile visible(UserId viewer, UserId person) {
		var profile = profile(person);
		if (!viewer.equals(person) && blocks.between(viewer, person)) {
			throw personNotFound(person);
		}
		return profile;
	}

	private PublicProfile profile(UserId person) {
		return identity.profile(person).orElseThrow(() -> personNotFound(person));
	}

	private static Rejection personNotFound(UserId person) {
		// the identity module's words for a missing account: a blocked person looks exactly like one
		return Rejection.notFound("account-not-found", "No account " + person.value());
	}
}
