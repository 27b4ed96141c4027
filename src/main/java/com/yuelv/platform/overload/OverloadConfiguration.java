package com.yuelv.platform.overload;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Load shedding in front of everything but the server's own observation of requests. */
@Configuration(proxyBeanMethods = false)
class OverloadConfiguration {

	/** Right after Spring's HTTP observation filter, so that shed requests still show in the request metrics. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	LoadShedding loadShedding(OverloadSettings settings, MeterRegistry meters) {
		return new LoadShedding(settings, new AdaptiveConcurrencyLimit(settings, System::nanoTime), meters);
	}

	@Bean
	FilterRegistrationBean<LoadShedFilter> loadShedFilter(LoadShedding shedding, JsonMapper json) {
		var registration = new FilterRegistrationBean<>(new LoadShedFilter(shedding, json));
		registration.setOrder(ORDER);
		registration.addUrlPatterns("/api/*");
		return registration;
	}
}
