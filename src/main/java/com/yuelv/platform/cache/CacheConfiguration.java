package com.yuelv.platform.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;

import com.github.benmanes.caffeine.cache.Ticker;
import com.yuelv.platform.ratelimit.RateLimitFilter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's cache abstraction on two levels. Modules cache with {@code @Cacheable} and evict with {@code @CacheEvict};
 * they never see which levels there are. Embedded mode has the in-memory level only; with
 * {@code yuelv.cache.redis-enabled} Redis adds the shared level and the invalidation channel.
 * <p>
 * The cache advice runs outside a method's transaction: a hit answers without beginning one, a miss loads in it and
 * keeps what it committed, and an eviction follows the commit.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching(order = Ordered.LOWEST_PRECEDENCE - 1)
class CacheConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(CacheConfiguration.class);

	@Bean
	TwoLevelCacheManager cacheManager(CacheSettings settings, MeterRegistry meters,
			ObjectProvider<RedisSharedLevel> redis, KeptAnswers answers) {
		var shared = redis.getIfAvailable();
		return new TwoLevelCacheManager(settings, shared == null ? SharedLevel.NONE : shared, answers::forget, meters);
	}

	@Bean
	KeptAnswers keptAnswers(CacheSettings settings, RateLimitFilter rateLimits,
			ObjectProvider<ServerRequestObservationConvention> conventions, MeterRegistry meters) {
		return new KeptAnswers(settings.answers(), rateLimits::admitsAnonymous,
				conventions.getIfAvailable(DefaultServerRequestObservationConvention::new), meters,
				Ticker.systemTicker());
	}

	/** A request a kept answer will answer is timed by {@link KeptAnswers}, and has no observation of its own. */
	@Bean
	ObservationPredicate keptAnswersAreTimedByThemselves(KeptAnswers answers) {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request)
				|| answers.observes(request.getCarrier());
	}

	/**
	 * Kept answers are given after CORS and the request contract, and before the security chain: the requests they
	 * answer carry no credentials, and the rate limits they meet there are applied by the filter itself.
	 */
	@Bean
	FilterRegistrationBean<KeptAnswers> keptAnswersFilter(KeptAnswers answers) {
		var registration = new FilterRegistrationBean<>(answers);
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 2);
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("yuelv.cache.redis-enabled")
	static class Shared {

		@Bean
		RedisSharedLevel redisSharedLevel(StringRedisTemplate redis, JsonMapper json, CacheSettings settings,
				MeterRegistry meters) {
			return new RedisSharedLevel(redis, json, settings, meters);
		}

		@Bean
		RedisMessageListenerContainer cacheInvalidations(RedisConnectionFactory connections, CacheSettings settings,
				CacheManager cacheManager) {
			var container = new RedisMessageListenerContainer();
			container.setConnectionFactory(connections);
			var manager = (TwoLevelCacheManager) cacheManager;
			container.addMessageListener((message, pattern) -> {
				var invalidation = RedisSharedLevel.Invalidation.decode(message.getBody());
				if (invalidation == null) {
					LOG.warn("Ignoring a malformed cache invalidation on {}", settings.channel());
					return;
				}
				manager.apply(invalidation);
			}, new ChannelTopic(settings.channel()));
			return container;
		}
	}
}
