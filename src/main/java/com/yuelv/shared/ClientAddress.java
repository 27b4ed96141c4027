package com.yuelv.shared;

/**
 * Where the client of a request is, as the platform resolved it: the connection's address, or the one a trusted
 * proxy forwarded; for IPv6 its /64 network ({@code 2001:db8:1:2::/64}), which one client may use all of. The
 * platform keeps it in the request attribute {@value #ATTRIBUTE} for the modules that count by client (the login
 * throttle).
 *
 * @param value the address or network as text
 */
public record ClientAddress(String value) {

	/** The request attribute holding the request's {@code ClientAddress}. */
	public static final String ATTRIBUTE = "com.yuelv.client-address";

	public ClientAddress {
		if (value.isBlank()) {
			throw new IllegalArgumentException("A client address is not blank");
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
