package com.yuelv.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Who a request counts against, with the trusted proxies the Kubernetes manifests ship ({@code deploy/base}): behind
 * the gateway, each client keeps a key of its own, whatever it writes in {@code X-Forwarded-For}; a request that
 * reaches a replica from outside the private ranges counts against its own address; and without trusted proxies the
 * header is never read.
 */
class ClientKeysTests {

	/** The value the shipped ConfigMap gives {@code YUELV_TRUSTED_PROXIES}, split as Spring binds it to a list. */
	private static List<String> shippedTrustedProxies() throws IOException {
		var line = Files.readAllLines(Path.of("deploy/base/common.yaml")).stream()
				.filter(text -> text.strip().startsWith("YUELV_TRUSTED_PROXIES:")).findFirst().orElseThrow();
		var value = line.substring(line.indexOf(':') + 1).strip().replace("'", "");
		return Arrays.stream(value.split(",")).map(String::strip).toList();
	}

	private static MockHttpServletRequest from(String remote, String... forwardedFor) {
		var request = new MockHttpServletRequest("GET", "/api/v1/trips");
		request.setRemoteAddr(remote);
		for (var header : forwardedFor) {
			request.addHeader("X-Forwarded-For", header);
		}
		return request;
	}

	@Test
	void behindTheShippedGatewayEachClientKeepsItsOwnKey() throws IOException {
		var keys = new ClientKeys(shippedTrustedProxies());

		// a gateway pod on the pod network appends the address it was reached from
		assertThat(keys.clientAddress(from("10.42.3.17", "203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(keys.clientAddress(from("10.42.3.17", "198.51.100.20"))).isEqualTo("198.51.100.20");
		assertThat(keys.clientAddress(from("172.20.0.5", "203.0.113.9, 192.168.7.1"))).isEqualTo("203.0.113.9");
		assertThat(keys.clientAddress(from("fd12:3456::8", "2001:db8::1"))).isEqualTo("2001:db8::1");
		// what the client wrote itself stands left of what the gateway appended, and is passed over
		assertThat(keys.clientAddress(from("10.42.3.17", "1.1.1.1, 203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(keys.clientAddress(from("10.42.3.17", "10.0.0.1, 203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(keys.clientAddress(from("10.42.3.17", "1.1.1.1", "203.0.113.9"))).isEqualTo("203.0.113.9");
	}

	@Test
	void anIpv6ClientIsCountedByItsSlash64() {
		assertThat(ClientKeys.counted("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientKeys.counted("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientKeys.counted("2001:DB8:1:2:0:0:0:9")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientKeys.counted("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
		assertThat(ClientKeys.counted("::1")).isEqualTo("0:0:0:0::/64");
		assertThat(ClientKeys.counted("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
		assertThat(ClientKeys.counted("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(ClientKeys.counted("203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(ClientKeys.counted("not an address")).isEqualTo("not an address");
	}

	@Test
	void aClientOutsideThePrivateRangesCannotNameAnother() throws IOException {
		var keys = new ClientKeys(shippedTrustedProxies());

		assertThat(keys.clientAddress(from("203.0.113.9", "198.51.100.20"))).isEqualTo("203.0.113.9");
		assertThat(keys.clientAddress(from("2001:db8::1", "198.51.100.20"))).isEqualTo("2001:db8::1");
		// a proxy's request without the header counts against the proxy, and so does one whose header is not addresses
		assertThat(keys.clientAddress(from("10.42.3.17"))).isEqualTo("10.42.3.17");
		assertThat(keys.clientAddress(from("10.42.3.17", "client.example, unknown"))).isEqualTo("10.42.3.17");
	}

	@Test
	void withoutTrustedProxiesTheHeaderIsNeverRead() {
		var keys = new ClientKeys(List.of());

		assertThat(keys.clientAddress(from("10.42.3.17", "203.0.113.9"))).isEqualTo("10.42.3.17");
		assertThat(keys.clientAddress(from("127.0.0.1", "203.0.113.9"))).isEqualTo("127.0.0.1");
	}
}
