package com.yuelv;

import java.util.List;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.yuelv.shared.TokenRevocations;

/**
 * For module tests that start a module without identity: the platform checks access tokens against the revocations
 * identity records, and here there are none.
 */
@TestConfiguration(proxyBeanMethods = false)
public class NoTokenRevocations {

	@Bean
	TokenRevocations noRevocations() {
		return since -> List.of();
	}
}
