package com.yuelv.platform.ratelimit;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a request counts against. The client's address is the connection's, unless the connection comes from a trusted
 * proxy: then it is the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. A client
 * that is not a trusted proxy cannot change its bucket by sending that header.
 */
final class ClientKeys {

	private final List<AddressRange> trustedProxies;

	/** @param trustedProxies addresses or CIDR ranges, as {@code yuelv.rate-limits.trusted-proxies} lists them */
	ClientKeys(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream()
				.map(text -> AddressRange.parse("yuelv.rate-limits.trusted-proxies", text)).toList();
	}

	String clientAddress(HttpServletRequest request) {
		var remote = request.getRemoteAddr();
		if (trustedProxies.isEmpty() || !trusted(remote)) {
			return remote;
		}
		var forwarded = request.getHeaders("X-Forwarded-For");
		var hops = new java.util.ArrayList<String>();
		while (forwarded.hasMoreElements()) {
			for (var hop : forwarded.nextElement().split(",")) {
				hops.add(hop.strip());
			}
		}
		for (int i = hops.size() - 1; i >= 0; i--) {
			var hop = hops.get(i);
			var address = AddressRange.literal(hop);
			if (address == null) {
				// not an address: whatever stands left of it is the client's to write
				return remote;
			}
			if (!trusted(address)) {
				return hop;
			}
		}
		return remote;
	}

	private boolean trusted(String address) {
		var bytes = AddressRange.literal(address);
		return bytes != null && trusted(bytes);
	}

	/** Each hop is parsed once: behind the gateway this runs for every request. */
	private boolean trusted(byte[] address) {
		for (var range : trustedProxies) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}
}
