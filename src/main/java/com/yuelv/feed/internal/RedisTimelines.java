package com.yuelv.feed.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.UserId;

/**
 * Timelines in Redis, shared by every replica: per owner a sorted set {@code <prefix>{<owner>}} whose members are
 * {@code <moment id>:<author id>} scored by the posting time in epoch milliseconds, so that Redis orders them as
 * {@link MomentStamp#NEWEST_FIRST} does. A sentinel member of score 0 or below tells the state: {@code !} (score 0)
 * once the timeline is ready, {@code ?} (minus the time its building began) while it is built. Every operation is one
 * Lua script, atomic on the server; writes to many timelines go in one script per batch of owners, which needs a Redis
 * that is not a cluster (a cluster would need the batch split by hash slot).
 */
final class RedisTimelines implements Timelines {

	/** KEYS[1] timeline; ARGV: max score or +inf, member to start after or '', limit, expiry s, now ms, build ms. */
	private static final RedisScript<List> READ = RedisScript.of("""
			if redis.call('zscore', KEYS[1], '!') == false then
			  local started = redis.call('zscore', KEYS[1], '?')
			  if started and tonumber(ARGV[5]) + tonumber(started) < tonumber(ARGV[6]) then return {-2} end
			  return {-1}
			end
			redis.call('expire', KEYS[1], ARGV[4])
			local limit = tonumber(ARGV[3])
			local found = {redis.call('zcard', KEYS[1]) - 1}
			local offset = 0
			while #found < limit * 2 + 1 do
			  local chunk = redis.call('zrevrangebyscore', KEYS[1], ARGV[1], '(0', 'WITHSCORES', 'LIMIT', offset, limit)
			  for i = 1, #chunk, 2 do
			    if #found < limit * 2 + 1 and (ARGV[2] == '' or chunk[i + 1] ~= ARGV[1] or chunk[i] < ARGV[2]) then
			      found[#found + 1] = chunk[i]
			      found[#found + 1] = chunk[i + 1]
			    end
			  end
			  if #chunk < limit * 2 then break end
			  offset = offset + limit
			end
			return found
			""", List.class);

	/** KEYS[1] timeline; ARGV: now ms, build ms, expiry s. */
	private static final RedisScript<Long> BEGIN = RedisScript.of("""
			if redis.call('zscore', KEYS[1], '!') then return 0 end
			local started = redis.call('zscore', KEYS[1], '?')
			if started and tonumber(ARGV[1]) + tonumber(started) < tonumber(ARGV[2]) then return 0 end
			redis.call('zadd', KEYS[1], -tonumber(ARGV[1]), '?')
			redis.call('expire', KEYS[1], ARGV[3])
			return 1
			""", Long.class);

	/** KEYS[1] timeline; ARGV: capacity, then score and member of each entry. */
	private static final RedisScript<Long> FILL = RedisScript.of("""
			if redis.call('exists', KEYS[1]) == 0 then return 0 end
			for i = 2, #ARGV, 2 do redis.call('zadd', KEYS[1], ARGV[i], ARGV[i + 1]) end
			redis.call('zrem', KEYS[1], '?')
			redis.call('zadd', KEYS[1], 0, '!')
			redis.call('zremrangebyrank', KEYS[1], 1, -(tonumber(ARGV[1]) + 1))
			return 1
			""", Long.class);

	/** KEYS: timelines; ARGV: score, member, capacity. */
	private static final RedisScript<Long> ADD = RedisScript.of("""
			local added = 0
			for _, key in ipairs(KEYS) do
			  if redis.call('exists', key) == 1 then
			    redis.call('zadd', key, ARGV[1], ARGV[2])
			    redis.call('zremrangebyrank', key, 1, -(tonumber(ARGV[3]) + 1))
			    added = added + 1
			  end
			end
			return added
			""", Long.class);

	/** KEYS: timelines; ARGV[1] member. */
	private static final RedisScript<Long> REMOVE = RedisScript.of("""
			for _, key in ipairs(KEYS) do redis.call('zrem', key, ARGV[1]) end
			return 0
			""", Long.class);

	/** KEYS[1] timeline; ARGV[1] author. */
	private static final RedisScript<Long> REMOVE_AUTHOR = RedisScript.of("""
			local cursor = '0'
			repeat
			  local scanned = redis.call('zscan', KEYS[1], cursor, 'MATCH', '*:' .. ARGV[1], 'COUNT', 1000)
			  cursor = scanned[1]
			  for i = 1, #scanned[2], 2 do redis.call('zrem', KEYS[1], scanned[2][i]) end
			until cursor == '0'
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;
	private final FeedSettings settings;
	private final Clock clock;

	RedisTimelines(StringRedisTemplate redis, FeedSettings settings, Clock clock) {
		this.redis = redis;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public Slice read(UserId owner, @Nullable MomentStamp before, int limit) {
		var reply = redis.execute(READ, List.of(key(owner)), before == null ? "+inf" : score(before),
				before == null ? "" : member(before), Integer.toString(limit), expiry(), now(), buildTime());
		var state = ((Number) reply.getFirst()).longValue();
		if (state == -1) {
			return Slice.MISSING;
		}
		if (state == -2) {
			return Slice.BUILDING;
		}
		var entries = new ArrayList<MomentStamp>(reply.size() / 2);
		for (var i = 1; i + 1 < reply.size(); i += 2) {
			entries.add(stamp((String) reply.get(i), (String) reply.get(i + 1)));
		}
		return new Slice(State.READY, entries, state);
	}

	@Override
	public boolean begin(UserId owner) {
		return redis.execute(BEGIN, List.of(key(owner)), now(), buildTime(), expiry()) == 1;
	}

	@Override
	public void fill(UserId owner, List<MomentStamp> entries) {
		var args = new ArrayList<String>(entries.size() * 2 + 1);
		args.add(Integer.toString(settings.capacity()));
		for (var entry : entries) {
			args.add(score(entry));
			args.add(member(entry));
		}
		redis.execute(FILL, List.of(key(owner)), args.toArray());
	}

	@Override
	public int add(Collection<UserId> owners, MomentStamp entry) {
		if (owners.isEmpty()) {
			return 0;
		}
		return redis.execute(ADD, keys(owners), score(entry), member(entry), Integer.toString(settings.capacity()))
				.intValue();
	}

	@Override
	public void remove(Collection<UserId> owners, MomentId moment, UserId author) {
		if (!owners.isEmpty()) {
			redis.execute(REMOVE, keys(owners), member(moment, author));
		}
	}

	@Override
	public void removeAuthor(UserId owner, UserId author) {
		redis.execute(REMOVE_AUTHOR, List.of(key(owner)), author.value().toString());
	}

	@Override
	public void erase(UserId person) {
		redis.delete(key(person));
		var author = person.value().toString();
		try (var keys = redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
			.match(settings.keyPrefix() + "{*}").count(1000).build())) {
			keys.forEachRemaining(key -> redis.execute(REMOVE_AUTHOR, List.of(key), author));
		}
	}

	String key(UserId owner) {
		return settings.keyPrefix() + "{" + owner.value() + "}";
	}

	private List<String> keys(Collection<UserId> owners) {
		return owners.stream().map(this::key).toList();
	}

	private static String score(MomentStamp stamp) {
		return Long.toString(stamp.postedAt().toEpochMilli());
	}

	private static String member(MomentStamp stamp) {
		return member(stamp.id(), stamp.author());
	}

	private static String member(MomentId moment, UserId author) {
		return moment.value() + ":" + author.value();
	}

	private static MomentStamp stamp(String member, String score) {
		var colon = member.indexOf(':');
		return new MomentStamp(new MomentId(UUID.fromString(member.substring(0, colon))),
				new UserId(UUID.fromString(member.substring(colon + 1))),
				Instant.ofEpochMilli(Long.parseLong(score)));
	}

	private String expiry() {
		return Long.toString(settings.idleExpiry().toSeconds());
	}

	private String now() {
		return Long.toString(clock.millis());
	}

	private static String buildTime() {
		return Long.toString(BUILD_TIME.toMillis());
	}
}
