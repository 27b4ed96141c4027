package com.yuelv.build.split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.yuelv.platform.ratelimit.RouteClass;

/**
 * Which deployment the edge sends a request to. Endpoints are grouped by resource ({@code /api/v1/trips}); a resource
 * goes to the deployment that serves most of its endpoints, by path prefix, and each endpoint of the resource that
 * another deployment serves gets an exact regular-expression route of its own
 * ({@code /api/v1/trips/{id}/seats} to booking's deployment while trips stay with trip's).
 */
public final class EdgeRoutes {

	/**
	 * The protected-resource metadata (RFC 9728) that {@code WWW-Authenticate} links to at the public URL: served alike
	 * by every deployment's security, routed to the first.
	 */
	static final String PROTECTED_RESOURCE_METADATA = "/.well-known/oauth-protected-resource";

	/**
	 * The API's description (OpenAPI) and its browser (Swagger UI): the first deployment assembles one document for the
	 * whole API from every deployment's own.
	 */
	static final List<String> API_DOCUMENTATION = List.of("/v3/api-docs", "/swagger-ui");

	/**
	 * The authorization server's endpoints and its login page, which are filters and a page rather than REST
	 * controllers: routed, by prefix, to the deployment that runs identity (the paths the rate limits class as its).
	 */
	static final List<String> AUTHORIZATION_SERVER = RouteClass.AUTHORIZATION_SERVER.stream()
			.map(pattern -> pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern).toList();

	/** A route: a path prefix, or a regular expression over the whole path, to a deployment. */
	public record Route(String path, boolean regex, String deployment) {}

	private EdgeRoutes() {}

	/** The routes of a topology, regular expressions first (they are the exceptions), then prefixes. */
	public static List<Route> of(Topology topology, List<Endpoints.Endpoint> endpoints) {
		var byResource = new TreeMap<String, List<Endpoints.Endpoint>>();
		for (var endpoint : endpoints) {
			if (topology.hostOf(endpoint.module()).isPresent()) {
				byResource.computeIfAbsent(resource(endpoint.pattern()), key -> new ArrayList<>()).add(endpoint);
			}
		}
		var regexes = new ArrayList<Route>();
		var prefixes = new ArrayList<Route>();
		byResource.forEach((resource, served) -> {
			Function<Endpoints.Endpoint, String> host = endpoint -> topology.hostOf(endpoint.module()).orElseThrow()
					.name();
			Map<String, Long> counts = served.stream()
					.collect(Collectors.groupingBy(host, LinkedHashMap::new, Collectors.counting()));
			// the deployment serving most of the resource's endpoints; on a tie, the first by name
			var owner = counts.entrySet().stream()
					.sorted(Map.Entry.<String, Long>comparingByValue().reversed()
							.thenComparing(Map.Entry.comparingByKey()))
					.findFirst().orElseThrow().getKey();
			prefixes.add(new Route(resource, false, owner));
			served.stream().filter(endpoint -> !host.apply(endpoint).equals(owner))
					.map(endpoint -> new Route(regex(endpoint.pattern()), true, host.apply(endpoint)))
					.distinct()
					.forEach(regexes::add);
		});
		var first = topology.deployments().getFirst().name();
		topology.hostOf("identity").ifPresent(identity -> AUTHORIZATION_SERVER
				.forEach(path -> prefixes.add(new Route(path, false, identity.name()))));
		prefixes.add(new Route(PROTECTED_RESOURCE_METADATA, false, first));
		API_DOCUMENTATION.forEach(path -> prefixes.add(new Route(path, false, first)));
		regexes.add(new Route("^/swagger-ui.html$", true, first));
		var routes = new ArrayList<Route>(regexes);
		routes.addAll(prefixes);
		return routes;
	}

	/** The first three segments of a pattern: {@code /api/v1/trips}. */
	static String resource(String pattern) {
		var segments = pattern.split("/");
		return String.join("/", java.util.Arrays.copyOfRange(segments, 0, Math.min(segments.length, 4)));
	}

	/** A pattern as an anchored regular expression: each {variable} matches one path segment. */
	static String regex(String pattern) {
		return "^" + pattern.replaceAll("\\{[^/}]+}", "[^/]+") + "$";
	}
}
