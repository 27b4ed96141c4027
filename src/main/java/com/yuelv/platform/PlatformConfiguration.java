package com.yuelv.platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Beans every module may rely on without depending on this module's code.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PlatformConfiguration {

	/** The time source of the domain: UTC, replaceable in tests that need another time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
