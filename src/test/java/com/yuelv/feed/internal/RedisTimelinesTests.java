package com.yuelv.feed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The timeline store on the machine's Redis server keeps the contract, under a key prefix of the run's own. */
class RedisTimelinesTests extends TimelinesContract {

	static final String PREFIX = "yuelv-test:feed:" + UUID.randomUUID() + ":";
	static LettuceConnectionFactory connections;

	private final RedisTimelines timelines = new RedisTimelines(new StringRedisTemplate(connections), settings(PREFIX),
			Clock.systemUTC());

	@BeforeAll
	static void connect() {
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		connections.afterPropertiesSet();
		connections.start();
	}

	@AfterAll
	static void dropKeys() {
		var redis = new StringRedisTemplate(connections);
		var keys = redis.keys(PREFIX + "*");
		if (!keys.isEmpty()) {
			redis.delete(keys);
		}
		connections.destroy();
	}

	@Override
	Timelines timelines() {
		return timelines;
	}

	@Test
	void expiresATimelineItsOwnerStopsReading() {
		var owner = ready(List.of(stamp(someone(), 1)));
		assertThat(new StringRedisTemplate(connections).getExpire(timelines.key(owner))).isBetween(86_000L, 86_400L);
	}
}
