package com.yuelv.platform.idempotency;

import java.time.Clock;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.IdempotencyKeyRequired;
import com.yuelv.shared.Rejection;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** The idempotency filter, right after security, and the check of endpoints that require a key. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration implements WebMvcConfigurer {

	@Bean
	IdempotencyKeys idempotencyKeys(JdbcClient jdbc, JsonMapper json, IdempotencySettings settings, Clock clock,
			FieldCipher cipher) {
		return new IdempotencyKeys(jdbc, json, settings, clock, cipher);
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyKeys keys, JsonMapper json,
			IdempotencySettings settings) {
		var registration = new FilterRegistrationBean<>(new IdempotencyFilter(keys, json,
				settings.largestStoredAnswer()));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {
			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(IdempotencyKeyRequired.class)
						&& request.getHeader(IdempotencyFilter.HEADER) == null) {
					throw new Rejection(Rejection.Kind.INVALID, "idempotency-key-required", "This request must carry "
							+ "an Idempotency-Key header (a new random value, such as a UUID, per intended request), so "
							+ "that a retry of it is done only once.", java.util.List.of(new Rejection.Violation(
									IdempotencyFilter.HEADER, "required", "must be present")));
				}
				return true;
			}
		});
	}
}
