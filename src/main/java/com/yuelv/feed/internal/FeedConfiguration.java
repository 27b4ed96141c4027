package com.yuelv.feed.internal;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Where timelines live: Redis with {@code yuelv.feed.redis-enabled}, else this process. */
@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

	@Bean
	Timelines timelines(FeedSettings settings, ObjectProvider<StringRedisTemplate> redis, Clock clock) {
		if (settings.redisEnabled()) {
			return new RedisTimelines(redis.getObject(), settings, clock);
		}
		return new MemoryTimelines(settings);
	}
}
