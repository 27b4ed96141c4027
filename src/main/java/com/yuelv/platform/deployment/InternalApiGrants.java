package com.yuelv.platform.deployment;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import com.yuelv.shared.AuditTrail;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Least privilege between deployments: a peer may call a method of this deployment's internal APIs only with a grant
 * of its {@linkplain InternalScopes scope} ({@code yuelv.split.grants.<deployment>}); the search deployment, say, may
 * read trips and write nothing. The grants are this deployment's, not the caller's word: its credential only says who
 * it is. A refusal is a 403 and is audited ({@code peer-call-refused}), once a minute for each deployment and scope.
 */
final class InternalApiGrants implements HandlerInterceptor {

	private static final Logger LOG = LoggerFactory.getLogger(InternalApiGrants.class);

	private final Map<String, Set<String>> grants;
	private final String deployment;
	private final RefusalAudit refusals;
	private final Map<Method, Optional<String>> scopes = new ConcurrentHashMap<>();

	InternalApiGrants(PeerSettings settings, AuditTrail audit, Clock clock) {
		this.grants = settings.grants().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
				entry -> Set.copyOf(entry.getValue().stream().map(String::strip).toList())));
		this.deployment = settings.deployment();
		this.refusals = new RefusalAudit(audit, clock);
		if (!grants.isEmpty()) {
			LOG.info("Peers may call this deployment's internal APIs with the scopes {}", grants);
		}
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			// no handler of an internal API (a path none serves): nothing to grant, answered as not found
			return true;
		}
		var scope = scopes.computeIfAbsent(method.getMethod(),
				ignored -> InternalScopes.ofHandler(method.getBeanType(), method.getMethod()));
		if (scope.isEmpty()) {
			// a handler under /internal that implements no contract has no scope to grant: nobody may call it
			LOG.warn("{} serves {} without implementing an internal API contract, and is refused to every peer",
					method.getShortLogMessage(), pattern(request));
			throw new AccessDeniedException("No scope grants " + pattern(request));
		}
		var caller = SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
				? PeerCredentials.deploymentOf(token.getToken()).orElse(null) : null;
		if (caller == null) {
			// the security chain lets only peers reach an internal API; whatever else gets here is refused
			throw new AccessDeniedException("Only a peer deployment may call " + scope.get());
		}
		if (!grants.getOrDefault(caller, Set.of()).contains(scope.get())) {
			refusals.record(caller + " " + scope.get(), "peer-call-refused", "deployment:" + caller,
					Map.of("scope", scope.get(), "deployment", deployment, "method", request.getMethod(), "path",
							pattern(request)));
			throw new AccessDeniedException("Deployment %s holds no grant of %s".formatted(caller, scope.get()));
		}
		return true;
	}

	/** The path as the API declares it, with its variables (account ids among them) unfilled. */
	private static String pattern(HttpServletRequest request) {
		return request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern ? pattern
				: "(unmapped)";
	}
}
