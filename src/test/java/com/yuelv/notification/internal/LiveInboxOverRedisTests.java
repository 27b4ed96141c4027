package com.yuelv.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas on the machine's Redis server, on a channel of the test's own: an entry one replica writes reaches the
 * connection the other holds, and only the recipient's.
 */
class LiveInboxOverRedisTests {

	final LettuceConnectionFactory connections = new LettuceConnectionFactory(
			new RedisStandaloneConfiguration("127.0.0.1", 6379));
	final LiveSettings settings = new LiveSettings(true, "yuelv-test:inbox:" + UUID.randomUUID(), 16,
			Duration.ofSeconds(15), Duration.ofMinutes(30), 100);
	final JsonMapper json = JsonMapper.builder().build();
	final LiveConfiguration.OverRedis overRedis = new LiveConfiguration.OverRedis();
	RedisMessageListenerContainer first;
	RedisMessageListenerContainer second;

	@AfterEach
	void stop() {
		first.stop();
		second.stop();
		connections.destroy();
	}

	@Test
	void anEntryWrittenOnOneReplicaReachesTheConnectionOnAnother() throws Exception {
		connections.afterPropertiesSet();
		connections.start();
		var writing = new Subscribers(16, new SimpleMeterRegistry());
		var holding = new Subscribers(16, new SimpleMeterRegistry());
		first = replica(writing);
		second = replica(holding);
		var ann = UUID.randomUUID();
		var reader = new SubscribersTests.Reader();
		var other = new SubscribersTests.Reader();
		holding.subscribe(ann, reader).start(List.of(), false, 0);
		holding.subscribe(UUID.randomUUID(), other).start(List.of(), false, 0);

		var fanout = overRedis.redisFanout(new StringRedisTemplate(connections), json, settings);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
			fanout.publish(SubscribersTests.entry(ann, reader.seen.size() + 1));
			return !reader.seen.isEmpty();
		});
		assertThat(other.seen).isEmpty();
	}

	private RedisMessageListenerContainer replica(Subscribers subscribers) {
		var container = overRedis.liveInboxChannel(connections, json, settings, subscribers);
		container.afterPropertiesSet();
		container.start();
		return container;
	}
}
