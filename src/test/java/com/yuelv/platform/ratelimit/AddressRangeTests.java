package com.yuelv.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * An address is in a range when it shares the range's first prefix-length bits: checked against that definition,
 * computed on whole numbers, for every prefix length of both families, with addresses that differ from the network in
 * one bit at each place and at random.
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
}
