package com.yuelv.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON types are part of the contract: a number where text is expected is refused, as is text where a number or a
 * boolean is expected ({@code spring.jackson.mapper.allow-coercion-of-scalars: false} covers the second half).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonInput {

	@Bean
	JsonMapperBuilderCustomizer noScalarsAsText() {
		return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}
}
