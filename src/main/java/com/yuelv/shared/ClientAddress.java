package com.yuelv.shared;

/**
 * Where the client of an HTTP request is, as the platform resolved it (the connection's address, or the one a
 * trusted proxy forwarded; for IPv6 its /64 network, {@code 2001:db8:1:2::/64}, which one client may use all of):
 * kept in a request attribute of this name for modules that need it.
 */
public final class ClientAddress {

	/** The request attribute holding the client's address as text. */
	public static final String ATTRIBUTE = "com.yuelv.client-address";

	private ClientAddress() {}
}
