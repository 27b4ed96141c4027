package com.yuelv.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.yuelv.EmbeddedModeTest;

/** Every method the application serves under {@code /internal} has a scope a peer can be granted. */
@EmbeddedModeTest
class InternalApiScopesTests {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyInternalApiMethodHasAScope() {
		var internal = mappings.getHandlerMethods().entrySet().stream()
			.filter(mapping -> mapping.getKey().getPatternValues().stream().anyMatch(path -> path.startsWith("/internal/")))
			.toList();
		assertThat(internal).as("the internal API methods the modules serve").hasSizeGreaterThan(20);
		assertThat(internal).allSatisfy(mapping -> assertThat(InternalScopes.ofHandler(mapping.getValue().getBeanType(),
				mapping.getValue().getMethod())).as(mapping.getKey().toString()).isPresent());
	}

	/** A class serving two contracts would map the second's methods under the first's path, where no client calls. */
	@Test
	void everyInternalApiMethodIsServedWhereItsContractSays() {
		var internal = mappings.getHandlerMethods().entrySet().stream()
			.filter(mapping -> mapping.getKey().getPatternValues().stream().anyMatch(path -> path.startsWith("/internal/")))
			.toList();
		assertThat(internal).allSatisfy(mapping -> {
			var handler = mapping.getValue();
			var declared = ClassUtils.getAllInterfacesForClassAsSet(handler.getBeanType()).stream()
				.map(contract -> ClassUtils.getMethodIfAvailable(contract, handler.getMethod().getName(),
						handler.getMethod().getParameterTypes()))
				.filter(method -> method != null
						&& AnnotatedElementUtils.findMergedAnnotation(method, HttpExchange.class) != null)
				.map(method -> {
					var type = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), HttpExchange.class);
					return (type == null ? "" : type.value())
							+ AnnotatedElementUtils.findMergedAnnotation(method, HttpExchange.class).value();
				})
				.findFirst().orElseThrow();
			assertThat(mapping.getKey().getPatternValues()).as(handler.toString()).containsExactly(declared);
		});
	}
}
