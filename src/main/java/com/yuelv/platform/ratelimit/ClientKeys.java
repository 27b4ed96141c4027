package com.yuelv.platform.ratelimit;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who a request counts against. The client's address is the connection's, unless the connection comes from a trusted
 * proxy: then it is the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. A client
 * that is not a trusted proxy cannot change its bucket by sending that header. An IPv6 client is
 * {@linkplain #counted counted} by its /64 network.
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

	/**
	 * What one client is counted by: an IPv4 address as it is, an IPv6 address as its /64 network
	 * ({@code 2001:db8:1:2::/64}). A /64 is the smallest network a home, an office or a phone is given, and its owner
	 * may use any of its addresses (a phone changes its own every day), so counting IPv6 addresses one by one would
	 * give a client as many buckets as it likes, and forget an owner's address overnight. An IPv4 address written as
	 * IPv6 ({@code ::ffff:203.0.113.9}) is the IPv4 address; what is not an address is kept as it is.
	 */
	static String counted(String address) {
		if (address.indexOf(':') < 0) {
			// IPv4 (or not an address): as it is, without parsing it again on every request
			return address;
		}
		// a link-local address may name its interface (fe80::1%eth0): the network is the same on every one
		var zone = address.indexOf('%');
		var bytes = AddressRange.literal(zone < 0 ? address : address.substring(0, zone));
		if (bytes == null) {
			return address;
		}
		if (bytes.length == 4) {
			// a mapped address parses to its IPv4 bytes
			return dotted(bytes, 0);
		}
		if (mappedIpv4(bytes)) {
			return dotted(bytes, 12);
		}
		var network = new StringBuilder(24);
		for (int group = 0; group < 4; group++) {
			network.append(Integer.toHexString((bytes[2 * group] & 0xff) << 8 | bytes[2 * group + 1] & 0xff))
					.append(':');
		}
		return network.append(":/64").toString();
	}

	private static String dotted(byte[] address, int from) {
		return (address[from] & 0xff) + "." + (address[from + 1] & 0xff) + "." + (address[from + 2] & 0xff) + "."
				+ (address[from + 3] & 0xff);
	}

	private static boolean mappedIpv4(byte[] address) {
		for (int i = 0; i < 10; i++) {
			if (address[i] != 0) {
				return false;
			}
		}
		return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
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
