package com.yuelv.platform.web;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests refused for what they carried, counted by class in {@code yuelv.http.refused{class}}. A refusal is the
 * client's mistake, or an attack: it is counted, never logged as an error, so that bad input cannot flood the log.
 */
@Component
class Refusals {

	static final String QUERY = "query-encoding";
	static final String MEDIA_TYPE = "media-type";
	static final String ACCEPT = "accept";
	static final String BODY_TOO_LARGE = "body-too-large";
	static final String BODY_ENCODING = "body-encoding";
	static final String JSON = "json";
	static final String PARAMETER = "parameter";
	static final String VALIDATION = "validation";
	static final String NOT_FOUND = "not-found";
	static final String METHOD = "method";

	private final MeterRegistry meters;

	Refusals(MeterRegistry meters) {
		this.meters = meters;
	}

	void count(String refusalClass) {
		Counter.builder("yuelv.http.refused")
				.description("Requests refused for what they carried, by class")
				.tag("class", refusalClass)
				.register(meters)
				.increment();
	}
}
