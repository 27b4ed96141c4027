package com.yuelv.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
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
}
