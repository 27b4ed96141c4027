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

	/**
	 * The bytes of an IP address literal; anything else, a host name included, is not one (no name is looked up).
	 * Behind trusted proxies it runs for every hop of every request's {@code X-Forwarded-For}, so a dotted IPv4
	 * address, the common case, is read by a loop rather than a pattern.
	 */
	static byte @Nullable [] literal(String text) {
		var ipv4 = ipv4(text);
		if (ipv4 != null || !ipv6Characters(text)) {
			return ipv4;
		}
		try {
			// a text with a colon is never taken for a host name, so this parses without a lookup
			return InetAddress.getByName(text).getAddress();
		}
		catch (UnknownHostException e) {
			return null;
		}
	}

	/** Four decimal octets of one to three digits each, none above 255, separated by dots; else {@code null}. */
	private static byte @Nullable [] ipv4(String text) {
		var address = new byte[4];
		int octet = 0;
		int value = 0;
		int digits = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				value = value * 10 + (c - '0');
				if (++digits > 3) {
					return null;
				}
			}
			else if (c == '.' && digits > 0 && octet < 3) {
				if (value > 255) {
					return null;
				}
				address[octet++] = (byte) value;
				value = 0;
				digits = 0;
			}
			else {
				return null;
			}
		}
		if (octet != 3 || digits == 0 || value > 255) {
			return null;
		}
		address[3] = (byte) value;
		return address;
	}

	/** Only hexadecimal digits, colons and dots, with at least one colon: what an IPv6 literal may be made of. */
	private static boolean ipv6Characters(String text) {
		boolean colon = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == ':') {
				colon = true;
			}
			else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.')) {
				return false;
			}
		}
		return colon;
	}
}
