package com.yuelv.platform.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/** An IP address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}) or a single address. */
record AddressRange(byte[] network, int prefixLength) {

	/**
	 * Parses a range from configuration.
	 *
	 * @param key the configuration key, named in the error
	 */
	static AddressRange parse(String key, String text) {
		var slash = text.indexOf('/');
		var address = literal(slash < 0 ? text.strip() : text.substring(0, slash).strip());
		if (address == null) {
			throw new IllegalArgumentException(key + ": '" + text + "' is not an IP address or CIDR range");
		}
		var bits = address.length * 8;
		int prefix;
		try {
			prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1).strip());
		}
		catch (NumberFormatException e) {
			prefix = -1;
		}
		if (prefix < 0 || prefix > bits) {
			throw new IllegalArgumentException(key + ": '" + text + "' has a prefix length outside 0 to " + bits);
		}
		return new AddressRange(address, prefix);
	}

	/** Whether the address shares the range's first {@code prefixLength} bits; it runs for every request. */
	boolean contains(byte[] address) {
		if (address.length != network.length) {
			return false;
		}
		int whole = prefixLength / 8;
		for (int i = 0; i < whole; i++) {
			if (address[i] != network[i]) {
				return false;
			}
		}
		int rest = prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return ((address[whole] ^ network[whole]) & mask) == 0;
	}

	private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
	private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	/** The bytes of an IP address literal; anything else, a host name included, is not one (no name is looked up). */
	static byte @Nullable [] literal(String text) {
		if (IPV4.matcher(text).matches()) {
			var octets = text.split("\\.");
			var address = new byte[4];
			for (int i = 0; i < 4; i++) {
				var value = Integer.parseInt(octets[i]);
				if (value > 255) {
					return null;
				}
				address[i] = (byte) value;
			}
			return address;
		}
		if (!IPV6.matcher(text).matches()) {
			return null;
		}
		try {
			// a text with a colon is never taken for a host name, so this parses without a lookup
			return InetAddress.getByName(text).getAddress();
		}
		catch (UnknownHostException e) {
			return null;
		}
	}
}
