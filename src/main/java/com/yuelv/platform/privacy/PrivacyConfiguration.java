package com.yuelv.platform.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.platform.deployment.PeerClients;
import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.PersonalDataExport;

/** The archive of a person's data and its erasure, from this deployment's modules and the others'. */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

	/** The switches under which a store of the application's lives in Redis. */
	private static final List<String> REDIS_STORES = List.of("yuelv.rate-limits.redis-enabled",
			"yuelv.cache.redis-enabled", "yuelv.feed.redis-enabled");

	@Bean
	PersonalDataArchives personalDataArchives(List<PersonalDataExport> exports, PrivacySettings settings,
			LocalModules placement, ObjectProvider<PeerClients> peers, Clock clock) {
		return new PersonalDataArchives(exports, settings.modules(), placement,
				Optional.ofNullable(peers.getIfAvailable()), clock);
	}

	@Bean
	Erasures erasures(JdbcClient jdbc, FieldCipher cipher, ObjectProvider<PersonalDataErasure> erasures,
			PrivacySettings settings, ObjectProvider<StringRedisTemplate> redis, Environment environment, Clock clock) {
		var redisInUse = REDIS_STORES.stream()
			.anyMatch(flag -> environment.getProperty(flag, Boolean.class, false));
		return new Erasures(jdbc, cipher, erasures, settings,
				redisInUse ? Optional.ofNullable(redis.getIfAvailable()) : Optional.empty(), clock);
	}

	@Bean
	ErasureRounds erasureRounds(Erasures erasures) {
		return new ErasureRounds(erasures);
	}

	/** Advances the erasures under way, in the background. */
	static final class ErasureRounds {

		private final Erasures erasures;

		ErasureRounds(Erasures erasures) {
			this.erasures = erasures;
		}

		@Scheduled(initialDelayString = "${yuelv.privacy.erasure-interval:5s}",
				fixedDelayString = "${yuelv.privacy.erasure-interval:5s}")
		void advance() {
			erasures.advance();
		}
	}
}
