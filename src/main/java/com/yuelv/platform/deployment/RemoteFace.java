package com.yuelv.platform.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * What stands in for a module in the deployments that do not run it: the types of its {@code remote} package, its
 * HTTP contracts ({@code @HttpExchange} interfaces) and the public classes that implement its API (an interface of the
 * module's API package) on them.
 */
final class RemoteFace {

	private RemoteFace() {}

	static List<Class<?>> of(String module) {
		var scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				var metadata = definition.getMetadata();
				return metadata.isIndependent() && (metadata.isInterface() || metadata.isConcrete());
			}
		};
		scanner.addIncludeFilter((reader, factory) -> true);
		var types = new ArrayList<Class<?>>();
		for (var candidate : scanner.findCandidateComponents("com.yuelv." + module + ".remote")) {
			var type = ClassUtils.resolveClassName(candidate.getBeanClassName(), RemoteFace.class.getClassLoader());
			if (type.isInterface() ? AnnotatedElementUtils.hasAnnotation(type, HttpExchange.class)
					: implementsApiOf(module, type)) {
				types.add(type);
			}
		}
		types.sort(Comparator.comparing(Class::getName));
		return types;
	}

	/** A class of the remote package that implements an interface of the module's API package. */
	private static boolean implementsApiOf(String module, Class<?> type) {
		if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
			return false;
		}
		for (var api : type.getInterfaces()) {
			if (api.getPackageName().equals("com.yuelv." + module)) {
				return true;
			}
		}
		return false;
	}
}
