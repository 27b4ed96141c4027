package com.yuelv.platform.overload;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Load shedding in front of everything else, the observation of requests included. */
@Configuration(proxyBeanMethods = false)
class OverloadConfiguration {

	/**
	 * Before Spring's HTTP observation filter: a shed request costs no observation (it is counted in
	 * {@code yuelv.overload.requests}), which matters when most requests are shed.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Bean
	LoadShedding loadShedding(OverloadSettings settings, MeterRegistry meters) {
		return LoadShedding.of(settings, meters);
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
