package com.yuelv.platform.deployment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.info.BuildProperties;

/**
 * {@code /actuator/topology}: which deployment this is, the build it runs, the modules it runs, and for each module
 * another deployment runs, that deployment's address and whether it answers ready now (its readiness probe, asked
 * when this endpoint is read, each within {@code yuelv.split.connect-timeout} plus one second).
 */
@Endpoint(id = "topology")
public class TopologyEndpoint {

	private final PeerSettings settings;
	private final LocalModules modules;
	private final @Nullable BuildProperties build;
	private final HttpClient http;

	TopologyEndpoint(PeerSettings settings, LocalModules modules, ObjectProvider<BuildProperties> build) {
		this.settings = settings;
		this.modules = modules;
		this.build = build.getIfAvailable();
		this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
	}

	@ReadOperation
	public Map<String, Object> topology() {
		var topology = new LinkedHashMap<String, Object>();
		topology.put("deployment", settings.deployment());
		if (build != null) {
			topology.put("version", build.getVersion());
			if (build.getTime() != null) {
				topology.put("built", build.getTime().toString());
			}
		}
		topology.put("modules", modules.local());
		var byAddress = new TreeMap<URI, CompletableFuture<String>>();
		var peers = new TreeMap<String, Map<String, Object>>();
		for (var module : modules.remote()) {
			var peer = new LinkedHashMap<String, Object>();
			var address = settings.peers().get(module);
			if (address == null) {
				peer.put("state", "no address");
			}
			else {
				peer.put("address", address.toString());
				peer.put("state", byAddress.computeIfAbsent(address, this::readiness));
			}
			peers.put(module, peer);
		}
		peers.values().forEach(peer -> peer.computeIfPresent("state",
				(key, state) -> state instanceof CompletableFuture<?> future ? future.join() : state));
		topology.put("peers", peers);
		return topology;
	}

	/** {@code ready}, {@code not ready} (it answered otherwise) or {@code unreachable}. */
	private CompletableFuture<String> readiness(URI peer) {
		var request = HttpRequest.newBuilder(peer.resolve("/actuator/health/readiness"))
				.timeout(settings.connectTimeout().plus(Duration.ofSeconds(1))).GET().build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.thenApply(response -> response.statusCode() == 200 ? "ready" : "not ready")
				.exceptionally(failure -> "unreachable");
	}
}
