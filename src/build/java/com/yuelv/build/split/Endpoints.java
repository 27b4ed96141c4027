package com.yuelv.build.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP endpoints of the application and the module each belongs to, read from its controllers: what the edge
 * routing of a split is derived from, so that it cannot drift from the code.
 */
public final class Endpoints {

	/** One path pattern (Spring's syntax, {@code /api/v1/trips/{id}}) served by a module. */
	public record Endpoint(String module, String pattern) {}

	/** One HTTP method on a path pattern: what the edge ranks by priority. */
	public record Operation(String method, String pattern) {}

	/**
	 * An endpoint the edge treats apart: one that takes a file ({@code multipart/form-data}), or one that answers a
	 * stream of events ({@code text/event-stream}) held open for minutes.
	 */
	public record Special(String module, String pattern, Kind kind) {

		/** How it is apart. */
		public enum Kind {
			UPLOAD, STREAM
		}
	}

	/** What a mapping without methods answers to. */
	private static final List<String> ANY_METHOD = List.of("DELETE", "GET", "PATCH", "POST", "PUT");

	private Endpoints() {}

	/** Every endpoint of the controllers below the base package, ordered by pattern. */
	public static List<Endpoint> of(String basePackage) {
		var endpoints = new ArrayList<Endpoint>();
		scan(basePackage, mapping -> endpoints.add(new Endpoint(mapping.module(), mapping.pattern())));
		return endpoints.stream().distinct().sorted(Comparator.comparing(Endpoint::pattern)
				.thenComparing(Endpoint::module)).toList();
	}

	/** Every operation of the controllers below the base package, ordered by pattern and method. */
	public static List<Operation> operations(String basePackage) {
		var operations = new ArrayList<Operation>();
		scan(basePackage, mapping -> mapping.methods().forEach(method -> operations.add(
				new Operation(method, mapping.pattern()))));
		return operations.stream().distinct().sorted(Comparator.comparing(Operation::pattern)
				.thenComparing(Operation::method)).toList();
	}

	/** Every endpoint that takes a file or answers a stream, ordered by pattern. */
	public static List<Special> specials(String basePackage) {
		var specials = new ArrayList<Special>();
		scan(basePackage, mapping -> {
			if (mapping.consumes().contains("multipart/form-data")) {
				specials.add(new Special(mapping.module(), mapping.pattern(), Special.Kind.UPLOAD));
			}
			if (mapping.produces().contains("text/event-stream")) {
				specials.add(new Special(mapping.module(), mapping.pattern(), Special.Kind.STREAM));
			}
		});
		return specials.stream().distinct().sorted(Comparator.comparing(Special::pattern)).toList();
	}

	private record Mapping(String module, String pattern, List<String> methods, List<String> consumes,
			List<String> produces) {}

	private static void scan(String basePackage, Consumer<Mapping> sink) {
		var scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
		for (var candidate : scanner.findCandidateComponents(basePackage)) {
			var type = ClassUtils.resolveClassName(candidate.getBeanClassName(), Endpoints.class.getClassLoader());
			var module = type.getPackageName().substring(basePackage.length() + 1).split("\\.")[0];
			var root = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
			var prefixes = root == null || root.path().length == 0 ? new String[] { "" } : root.path();
			for (var method : type.getDeclaredMethods()) {
				var mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
				if (mapping == null) {
					continue;
				}
				var methods = mapping.method().length == 0 ? ANY_METHOD
						: Arrays.stream(mapping.method()).map(RequestMethod::name).toList();
				var paths = mapping.path().length == 0 ? new String[] { "" } : mapping.path();
				for (var prefix : prefixes) {
					for (var path : paths) {
						sink.accept(new Mapping(module, prefix + path, methods, List.of(mapping.consumes()),
								List.of(mapping.produces())));
					}
				}
			}
		}
	}
}
