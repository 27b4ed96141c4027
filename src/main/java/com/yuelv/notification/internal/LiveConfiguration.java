package com.yuelv.notification.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * How new entries reach the connections: in this process, or with {@code yuelv.notification.live.redis-enabled}
 * through a Redis channel every replica listens to.
 */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(LiveConfiguration.class);

	@Bean(destroyMethod = "closeAll")
	Subscribers subscribers(LiveSettings settings, MeterRegistry meters) {
		return new Subscribers(settings.queue(), meters);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "yuelv.notification.live.redis-enabled", havingValue = false,
			matchIfMissing = true)
	LiveInbox.Fanout localFanout(Subscribers subscribers) {
		return subscribers::deliver;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("yuelv.notification.live.redis-enabled")
	static class OverRedis {

		@Bean
		LiveInbox.Fanout redisFanout(StringRedisTemplate redis, JsonMapper json, LiveSettings settings) {
			return entry -> {
				try {
					redis.convertAndSend(settings.channel(), json.writeValueAsString(entry));
				}
				catch (RuntimeException e) {
					// the entry is in the inbox; the client sees it on its next reconnect or read
					LOG.warn("A new inbox entry could not be sent live: {}", e.toString());
				}
			};
		}

		@Bean
		RedisMessageListenerContainer liveInboxChannel(RedisConnectionFactory connections, JsonMapper json,
				LiveSettings settings, Subscribers subscribers) {
			var container = new RedisMessageListenerContainer();
			container.setConnectionFactory(connections);
			container.addMessageListener((message, pattern) -> {
				LiveEntry entry;
				try {
					entry = json.readValue(message.getBody(), LiveEntry.class);
				}
				catch (RuntimeException malformed) {
					LOG.warn("Ignoring a malformed live inbox entry on {}", settings.channel());
					return;
				}
				subscribers.deliver(entry);
			}, new ChannelTopic(settings.channel()));
			return container;
		}
	}
}
