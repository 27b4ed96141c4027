package com.yuelv.platform.observability;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.platform.web.ProblemTypes;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Adds to Spring's {@code http.server.requests} the module that answered (by the package of the handler; {@code none}
 * for the actuator and what matched no route) and the problem type of a refusal or failure ({@code none} for an
 * answer below 400). Both take few values, so every series of the route stays bounded: the route is the URI template,
 * never the raw path.
 */
final class ApiRequestConvention extends DefaultServerRequestObservationConvention {

	static final String MODULE = "module";
	static final String PROBLEM = "problem";
	private static final KeyValue NO_MODULE = KeyValue.of(MODULE, "none");
	private static final KeyValue NO_PROBLEM = KeyValue.of(PROBLEM, "none");

	/** The module tag of each handler class, worked out once: the lookup runs twice on every request. */
	private final ClassValue<KeyValue> moduleTags;

	ApiRequestConvention(LocalModules modules) {
		this.moduleTags = new ClassValue<>() {
			@Override
			protected KeyValue computeValue(Class<?> type) {
				return modules.moduleOf(type.getName()).map(it -> KeyValue.of(MODULE, it)).orElse(NO_MODULE);
			}
		};
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		return super.getLowCardinalityKeyValues(context).and(module(context), problem(context));
	}

	private KeyValue module(ServerRequestObservationContext context) {
		if (context.getCarrier().getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE)
				instanceof HandlerMethod handler) {
			return moduleTags.get(handler.getBeanType());
		}
		return NO_MODULE;
	}

	private static KeyValue problem(ServerRequestObservationContext context) {
		var response = context.getResponse();
		if (response == null || response.getStatus() < 400) {
			return NO_PROBLEM;
		}
		return KeyValue.of(PROBLEM, ProblemTypes.answered(context.getCarrier(), response.getStatus()));
	}
}
