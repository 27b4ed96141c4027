package com.yuelv.platform.deployment;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.SafeExchange;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring HTTP interface clients for the APIs of modules that run in other deployments, one {@link RestClient} per
 * module, against the base URL in {@code yuelv.split.peers.<module>}. Every call shows the deployment's
 * {@linkplain PeerToken peer credential}, is traced, and is bounded by the connect and read timeouts. A call is tried
 * again after a short pause when the peer cannot be reached or answers 502, 503 or 504: a read ({@code @GetExchange}
 * or {@link SafeExchange}) as it is, a write with the {@code Idempotency-Key} its first attempt carried, so that a
 * write that timed out but happened over there is not done twice (the peer answers the retry with the first outcome,
 * or 409 {@code idempotency-key-in-use} while it still works on it, which is waited out like a 503). A
 * problem the peer answers with (4xx) comes back as the {@link Rejection} the module raised over there; a refusal of
 * the credential or any 5xx is a failure of the dependency, for the caller's guard to count.
 */
public final class PeerClients implements DisposableBean {

	/**
	 * The role of a verified {@linkplain PeerCredentials peer credential}; the internal endpoints require it, and no
	 * access token of an account carries it.
	 */
	public static final String PEER_ROLE = "PEER";

	private static final Logger LOG = LoggerFactory.getLogger(PeerClients.class);

	/** Problem types the web layer answers with, whatever the module: never a module's own rejection. */
	private static final Set<String> GENERIC_PROBLEMS = Set.of("", "malformed-request", "unauthenticated",
			"invalid-token", "forbidden", "not-found", "method-not-allowed", "not-acceptable", "payload-too-large",
			"unsupported-media-type", "too-many-requests", "rate-limited");
	private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
	/** Connections kept to one peer deployment; each replica behind its service gets its share. */
	private static final int MAX_CONNECTIONS = 512;
	/** A kept connection is renewed after this long, so that new replicas behind a service get their share. */
	private static final Duration CONNECTION_LIFETIME = Duration.ofMinutes(1);
	private static final Duration IDLE_CONNECTION_KEPT = Duration.ofSeconds(30);
	static final String IDEMPOTENCY_KEY = "Idempotency-Key";
	/** The key of the write being called on this thread, the same for each of its attempts. */
	private static final ThreadLocal<@Nullable String> WRITE_KEY = new ThreadLocal<>();

	private final PeerSettings settings;
	private final LocalModules modules;
	private final PeerCredentials credentials;
	private final JsonMapper json;
	private final ObservationRegistry observations;
	private final Clock clock;
	private final Map<String, RestClient> clients = new ConcurrentHashMap<>();
	private final List<CloseableHttpClient> connectionPools = new CopyOnWriteArrayList<>();

	PeerClients(PeerSettings settings, LocalModules modules, PeerCredentials credentials, JsonMapper json,
			ObservationRegistry observations, Clock clock) {
		this.settings = settings;
		this.modules = modules;
		this.credentials = credentials;
		this.clock = clock;
		// the peer may run a newer build whose answers have fields this one does not know
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.observations = observations;
	}

	/** The HTTP interface client of the given contract, against the deployment running the module. */
	public <T> T client(String module, Class<T> contract) {
		var client = clients.computeIfAbsent(module, this::restClient);
		var calls = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(contract);
		return contract.cast(Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] { contract },
				new Retries(calls, settings.attempts(), module)));
	}

	/**
	 * The base URL of the deployment running a module.
	 *
	 * @throws IllegalStateException naming the property when the module is local or has no address
	 */
	URI peer(String module) {
		if (modules.isLocal(module)) {
			throw new IllegalStateException("Module '%s' runs in this deployment; it is not called over HTTP"
					.formatted(module));
		}
		var address = settings.peers().get(module);
		if (address == null) {
			throw new IllegalStateException(("yuelv.split.peers.%s: no address for module '%s', which this deployment "
					+ "(%s) calls and another one runs").formatted(module, module, modules));
		}
		return address;
	}

	private RestClient restClient(String module) {
		// Blocking I/O on the calling thread over kept connections: a call costs no hand-over to a selector thread
		// and back. Concurrency is bounded by the dependency's bulkhead, not by the pool, which has room for it.
		var connections = PoolingHttpClientConnectionManagerBuilder.create()
				.setDefaultConnectionConfig(ConnectionConfig.custom()
						.setConnectTimeout(Timeout.of(settings.connectTimeout()))
						.setSocketTimeout(Timeout.of(settings.readTimeout()))
						.setTimeToLive(TimeValue.of(CONNECTION_LIFETIME))
						.build())
				.setMaxConnPerRoute(MAX_CONNECTIONS)
				.setMaxConnTotal(MAX_CONNECTIONS)
				.build();
		var http = HttpClients.custom()
				.setConnectionManager(connections)
				.setDefaultRequestConfig(RequestConfig.custom()
						.setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
						.setResponseTimeout(Timeout.of(settings.readTimeout()))
						.build())
				// tried again by Retries, which knows which calls may be; a peer never redirects nor sets cookies
				.disableAutomaticRetries()
				.disableRedirectHandling()
				.disableCookieManagement()
				.evictIdleConnections(TimeValue.of(IDLE_CONNECTION_KEPT))
				.build();
		connectionPools.add(http);
		var requests = new HttpComponentsClientHttpRequestFactory(http);
		return RestClient.builder()
				.baseUrl(peer(module))
				.requestFactory(requests)
				.observationRegistry(observations)
				.configureMessageConverters(converters -> converters
						.withJsonConverter(new JacksonJsonHttpMessageConverter(json)))
				.requestInterceptor(credential(new PeerToken(credentials, module, settings.tokenLifetime(), clock)))
				.defaultStatusHandler(status -> status.is4xxClientError(), (request, response) -> {
					throw answerOf(module, request, response);
				})
				.build();
	}

	@Override
	public void destroy() {
		connectionPools.forEach(pool -> pool.close(CloseMode.GRACEFUL));
	}

	private ClientHttpRequestInterceptor credential(PeerToken token) {
		return (request, body, execution) -> {
			request.getHeaders().setBearerAuth(token.value());
			var key = WRITE_KEY.get();
			if (key != null) {
				request.getHeaders().set(IDEMPOTENCY_KEY, key);
			}
			return execution.execute(request, body);
		};
	}

	/**
	 * A peer's 4xx as the rejection its module raised; a problem of the web layer rather than of the module (a refused
	 * credential, an unknown path or method, an unreadable request: a generic problem type, or none) as a failure of
	 * the dependency, for the guard to count.
	 */
	RuntimeException answerOf(String module, HttpRequest request, ClientHttpResponse response) throws IOException {
		var status = response.getStatusCode().value();
		JsonNode problem;
		try (var body = response.getBody()) {
			problem = json.readTree(body);
		}
		catch (RuntimeException e) {
			problem = json.createObjectNode();
		}
		var type = problem.path("type").asString("");
		var problemType = type.substring(type.lastIndexOf('/') + 1);
		if (GENERIC_PROBLEMS.contains(problemType)) {
			// not the module's answer but the web layer's: a refused credential, a path or method the peer does not
			// serve (another version), an unreadable request
			return new IllegalStateException("The deployment running '%s' refused %s %s with %d %s".formatted(module,
					request.getMethod(), request.getURI().getPath(), status, problemType.isEmpty() ? "(no problem type)"
							: problemType));
		}
		var detail = problem.path("detail").asString("The request was refused by the '" + module + "' module.");
		if (status == HttpStatus.TOO_MANY_REQUESTS.value()) {
			return Rejection.throttled(problemType, detail, retryAfter(response.getHeaders()));
		}
		var violations = new ArrayList<Rejection.Violation>();
		for (var error : problem.path("errors")) {
			violations.add(new Rejection.Violation(error.path("field").asString(""), error.path("rule").asString(""),
					error.path("message").asString("")));
		}
		var kind = switch (status) {
			case 403 -> Rejection.Kind.FORBIDDEN;
			case 404 -> Rejection.Kind.NOT_FOUND;
			case 409 -> Rejection.Kind.CONFLICT;
			default -> Rejection.Kind.INVALID;
		};
		return new Rejection(kind, problemType.isEmpty() ? "invalid-input" : problemType, detail, violations);
	}

	private static Duration retryAfter(HttpHeaders headers) {
		try {
			var seconds = headers.getFirst(HttpHeaders.RETRY_AFTER);
			return Duration.ofSeconds(seconds == null ? 1 : Math.max(1, Long.parseLong(seconds.strip())));
		}
		catch (NumberFormatException e) {
			return Duration.ofSeconds(1);
		}
	}

	/**
	 * Calls the contract's methods, trying a call again after a doubling pause when the peer cannot be reached or
	 * answers 502, 503 or 504: a read as it is, a write with its first attempt's idempotency key, also while the peer
	 * answers that it still works on that key.
	 */
	static final class Retries implements InvocationHandler {

		private final Object target;
		private final int attempts;
		private final String module;

		Retries(Object target, int attempts, String module) {
			this.target = target;
			this.attempts = attempts;
			this.module = module;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments) throws Throwable {
			if (method.getDeclaringClass() == Object.class) {
				return method.invoke(target, arguments);
			}
			var read = AnnotatedElementUtils.hasAnnotation(method, GetExchange.class)
					|| AnnotatedElementUtils.hasAnnotation(method, SafeExchange.class);
			var outer = WRITE_KEY.get();
			WRITE_KEY.set(read ? null : java.util.UUID.randomUUID().toString());
			try {
				var pause = FIRST_PAUSE;
				for (var attempt = 1;; attempt++) {
					try {
						return method.invoke(target, arguments);
					}
					catch (InvocationTargetException e) {
						var failure = e.getTargetException();
						if (!read && stillWorking(failure) && attempt >= attempts) {
							// not an answer of the module's but a wait: never a conflict a caller would store
							throw Rejection.unavailable("dependency-unavailable", "The '" + module + "' module is still "
									+ "working on this change; try again shortly.", Duration.ofSeconds(1));
						}
						if (attempt >= attempts || !(transient_(failure) || !read && stillWorking(failure))) {
							throw failure;
						}
						LOG.debug("Calling {} {} failed ({}); trying again ({} of {})", module, method.getName(),
								failure, attempt + 1, attempts);
					}
					Thread.sleep(pause);
					pause = pause.multipliedBy(2);
				}
			}
			finally {
				WRITE_KEY.set(outer);
			}
		}

		/** The peer still works on the first attempt of this write. */
		private static boolean stillWorking(Throwable failure) {
			return failure instanceof Rejection rejection && "idempotency-key-in-use".equals(rejection.problemType());
		}

		private static boolean transient_(Throwable failure) {
			if (failure instanceof ResourceAccessException) {
				return true;
			}
			if (failure instanceof HttpServerErrorException error) {
				var status = error.getStatusCode().value();
				return status == 502 || status == 503 || status == 504;
			}
			return false;
		}
	}
}
