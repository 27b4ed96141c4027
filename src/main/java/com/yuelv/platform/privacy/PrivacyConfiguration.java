package com.yuelv.platform.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.platform.deployment.PeerClients;
import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.PersonalDataExport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

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
	ErasureRounds erasureRounds(Erasures erasures, MeterRegistry meters) {
		return new ErasureRounds(erasures, meters);
	}

	/**
	 * Advances the erasures under way, in the background, and shows after each round how they stand:
	 * {@code yuelv.privacy.erasures.unfinished}, {@code yuelv.privacy.erasures.oldest.age} and
	 * {@code yuelv.privacy.erasures.failing} (module passes whose last attempt failed). The numbers are the whole
	 * system's, the same on every replica.
	 */
	static final class ErasureRounds {

		private static final Logger LOG = LoggerFactory.getLogger(ErasureRounds.class);

		private final Erasures erasures;
		private final AtomicReference<Erasures.Backlog> latest = new AtomicReference<>(Erasures.Backlog.NONE);

		ErasureRounds(Erasures erasures, MeterRegistry meters) {
			this.erasures = erasures;
			Gauge.builder("yuelv.privacy.erasures.unfinished", latest, it -> it.get().unfinished())
				.description("Erasures of closed accounts not finished yet").register(meters);
			TimeGauge.builder("yuelv.privacy.erasures.oldest.age", latest, TimeUnit.SECONDS,
					it -> it.get().oldestAge().toSeconds())
				.description("How long the oldest unfinished erasure has waited").register(meters);
			Gauge.builder("yuelv.privacy.erasures.failing", latest, it -> it.get().failing())
				.description("Module passes over unfinished erasures whose last attempt failed").register(meters);
		}

		@Scheduled(initialDelayString = "${yuelv.privacy.erasure-interval:5s}",
				fixedDelayString = "${yuelv.privacy.erasure-interval:5s}")
		void advance() {
			erasures.advance();
			try {
				latest.set(erasures.backlog());
			}
			catch (DataAccessException unreachable) {
				LOG.debug("The erasures' backlog cannot be read now: {}", unreachable.getMessage());
			}
		}
	}
}
