package com.yuelv.payment.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/** The payment provider this process talks to. */
@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

	@Bean
	PaymentProvider paymentProvider(PaymentSettings settings, JsonMapper json) {
		return new SandboxProvider(settings, json);
	}
}
