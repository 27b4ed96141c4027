package com.yuelv.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * An address is in a range when it shares the range's first prefix-length bits: checked against that definition,
 * computed on whole numbers, for every prefix length of both families, with addresses that differ from the network in
 * one bit at each place and at random; and an address literal is read as its pattern says.
 */
class AddressRangeTests {

	private static boolean byDefinition(byte[] network, int prefixLength, byte[] address) {
		if (address.length != network.length) {
			return false;
		}
		var shift = network.length * 8 - prefixLength;
		return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
	}

	@Test
	void containsWhatSharesThePrefixAndNothingElse() {
		var random = new Random(20261127);
		for (int length : new int[] { 4, 16 }) {
			for (int prefix = 0; prefix <= length * 8; prefix++) {
				var network = new byte[length];
				random.nextBytes(network);
				var range = new AddressRange(network, prefix);
				// the network itself, and the network with each one bit turned over
				assertThat(range.contains(network.clone())).isTrue();
				for (int bit = 0; bit < length * 8; bit++) {
					var address = network.clone();
					address[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
					assertThat(range.contains(address)).as("/%d, bit %d", prefix, bit)
							.isEqualTo(bit >= prefix).isEqualTo(byDefinition(network, prefix, address));
				}
				for (int i = 0; i < 200; i++) {
					var address = network.clone();
					// keep a random number of leading bytes, so that matches are common
					for (int b = random.nextInt(length + 1); b < length; b++) {
						address[b] = (byte) random.nextInt(256);
					}
					assertThat(range.contains(address)).isEqualTo(byDefinition(network, prefix, address));
				}
			}
		}
	}

	@Test
	void anAddressOfTheOtherFamilyIsNeverContained() {
		assertThat(AddressRange.parse("key", "0.0.0.0/0").contains(new byte[16])).isFalse();
		assertThat(AddressRange.parse("key", "::/0").contains(new byte[4])).isFalse();
	}

	@Test
	void parsesRangesAndSingleAddresses() {
		var pods = AddressRange.parse("key", "10.0.0.0/8");
		assertThat(pods.contains(AddressRange.literal("10.42.3.17"))).isTrue();
		assertThat(pods.contains(AddressRange.literal("11.0.0.1"))).isFalse();
		var unique = AddressRange.parse("key", "fc00::/7");
		assertThat(unique.contains(AddressRange.literal("fd12:3456::8"))).isTrue();
		assertThat(unique.contains(AddressRange.literal("fe80::1"))).isFalse();
		var one = AddressRange.parse("key", "192.168.1.7");
		assertThat(one.contains(AddressRange.literal("192.168.1.7"))).isTrue();
		assertThat(one.contains(AddressRange.literal("192.168.1.6"))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("the.key", "10.0.0.0/33"))
				.withMessageContaining("the.key");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("the.key", "gateway.local"))
				.withMessageContaining("the.key");
	}

	/** What a dotted IPv4 literal is, written as a pattern: one to three digits four times, each at most 255. */
	private static byte[] ipv4ByPattern(String text) {
		if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
			return null;
		}
		var address = new byte[4];
		var octets = text.split("\\.");
		for (int i = 0; i < 4; i++) {
			var value = Integer.parseInt(octets[i]);
			if (value > 255) {
				return null;
			}
			address[i] = (byte) value;
		}
		return address;
	}

	@Test
	void readsIpv4LiteralsAsThePatternDoesAndLeavesTheRestToTheIpv6Reader() throws Exception {
		for (var text : new String[] { "0.0.0.0", "255.255.255.255", "01.2.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.",
				".1.2.3", "1..2.3", "0001.2.3.4", " 1.2.3.4", "1.2.3.4 ", "", "1.2.3.4/8", "a.b.c.d", "١.٢.٣.٤" }) {
			assertThat(AddressRange.literal(text)).as(text).isEqualTo(ipv4ByPattern(text));
		}
		var random = new Random(20261127);
		var alphabet = "0123456789.....:aF/ ";
		for (int i = 0; i < 100_000; i++) {
			var text = new StringBuilder();
			for (int length = random.nextInt(16); length > 0; length--) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			var expected = ipv4ByPattern(text.toString());
			if (expected != null || text.indexOf(":") < 0) {
				assertThat(AddressRange.literal(text.toString())).as(text.toString()).isEqualTo(expected);
			}
		}
		assertThat(AddressRange.literal("::ffff:10.1.2.3")).containsExactly(10, 1, 2, 3);
		assertThat(AddressRange.literal("fd12::8")).hasSize(16)
				.isEqualTo(java.net.InetAddress.getByName("fd12::8").getAddress());
		assertThat(AddressRange.literal("fd12::g")).isNull();
		assertThat(AddressRange.literal("gateway.local")).isNull();
	}
}
