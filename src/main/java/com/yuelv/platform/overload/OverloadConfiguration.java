package com.yuelv.platform.overload;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.AsyncConfigurer;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load shedding in front of everything else, the observation of requests included; and asynchronous work that waits
 * while requests are shed.
 */
@Configuration(proxyBeanMethods = false)
class OverloadConfiguration {

	/**
	 * Before Spring's HTTP observation filter: a shed request costs no observation (it is counted in
	 * {@code yuelv.overload.requests}), which matters when most requests are shed.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Bean
	LoadShedding loadShedding(OverloadSettings settings, MeterRegistry meters) {
		return new LoadShedding(settings, new AdaptiveConcurrencyLimit(settings, System::nanoTime), meters);
	}

	@Bean
	BackgroundWork backgroundWork(BackgroundWorkSettings settings, LoadShedding shedding, MeterRegistry meters) {
		long calmAfter = settings.calmAfter().toNanos();
		return new BackgroundWork(settings, () -> shedding.shedWithin(calmAfter), System::nanoTime,
				Thread.ofVirtual().name("background-", 0).factory(), meters);
	}

	/** Every {@code @Async} method, event listeners included, runs as {@link BackgroundWork}. */
	@Bean
	AsyncConfigurer backgroundWorkForAsyncMethods(BackgroundWork work) {
		return new AsyncConfigurer() {

			@Override
			public BackgroundWork getAsyncExecutor() {
				return work;
			}
		};
	}

	@Bean
	ArrivalStamping arrivalStamping() {
		return new ArrivalStamping();
	}

	@Bean
	FilterRegistrationBean<LoadShedFilter> loadShedFilter(LoadShedding shedding, JsonMapper json) {
		var registration = new FilterRegistrationBean<>(new LoadShedFilter(shedding, json));
		registration.setOrder(ORDER);
		// every request, so that each takes its own arrival; only API requests are shed
		registration.addUrlPatterns("/*");
		return registration;
	}
}
