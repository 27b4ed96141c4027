package com.yuelv.platform.deployment;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.service.annotation.HttpExchange;

import com.yuelv.shared.SafeExchange;

/**
 * The scope a deployment must be granted to call a method of an internal API (an {@code @HttpExchange} contract under
 * {@code /internal}): the API's name, from the first segment of its path after {@code /internal} and a version
 * ({@code /internal/v1/trip-api} is {@code trip}, {@code /internal/personal-data} is {@code personal-data}), and
 * {@code read} for a {@code GET} or {@code HEAD} or a {@link SafeExchange}, {@code write} for anything else (a method
 * that names no HTTP method, which serves them all, among it): {@code trip:read},
 * {@code payment:write}. The split build grants each deployment the scopes its modules' calls need, and a deployment
 * serving an internal API refuses a peer whose grants lack the method's scope.
 */
public final class InternalScopes {

	private static final Pattern VERSION = Pattern.compile("v[0-9]+");

	private InternalScopes() {}

	/** The scope of a method of an internal API contract; empty for a method that is not one. */
	public static Optional<String> of(Method contractMethod) {
		var type = AnnotatedElementUtils.findMergedAnnotation(contractMethod.getDeclaringClass(), HttpExchange.class);
		var exchange = AnnotatedElementUtils.findMergedAnnotation(contractMethod, HttpExchange.class);
		if (exchange == null) {
			return Optional.empty();
		}
		var path = (type == null ? "" : type.value() + "/") + exchange.value();
		var segments = Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
		if (segments.size() < 2 || !segments.getFirst().equals("internal")) {
			return Optional.empty();
		}
		var api = VERSION.matcher(segments.get(1)).matches() && segments.size() > 2 ? segments.get(2)
				: segments.get(1);
		if (api.endsWith("-api")) {
			api = api.substring(0, api.length() - "-api".length());
		}
		// the method's HTTP method, else its contract's; none at all maps every method, a write among them
		var method = !exchange.method().isEmpty() ? exchange.method()
				: type != null ? type.method() : "";
		method = method.toUpperCase(Locale.ROOT);
		var reads = method.equals("GET") || method.equals("HEAD")
				|| !method.isEmpty() && AnnotatedElementUtils.hasAnnotation(contractMethod, SafeExchange.class);
		return Optional.of(api + ":" + (reads ? "read" : "write"));
	}

	/**
	 * The scope of a handler method that serves an internal API: that of the contract method it implements (an
	 * {@code @HttpExchange} interface of its class).
	 */
	public static Optional<String> ofHandler(Class<?> handlerType, Method handler) {
		for (var contract : org.springframework.util.ClassUtils.getAllInterfacesForClassAsSet(handlerType)) {
			try {
				var declared = contract.getMethod(handler.getName(), handler.getParameterTypes());
				var scope = of(declared);
				if (scope.isPresent()) {
					return scope;
				}
			}
			catch (NoSuchMethodException notThisContract) {
				// another interface of the class
			}
		}
		return Optional.empty();
	}
}
