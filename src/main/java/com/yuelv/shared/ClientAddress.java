package com.yuelv.shared;

/**
 * Where the client of an HTTP request is, as the platform resolved it (the connection's address, or the one a
 * trusted proxy forwarded): kept in a request attribute of this name for modules that need it.
 */
public final class ClientAddress {

	/** The request attribute holding the client's address as text. */
	public static final String ATTRIBUTE = "com.yuelv.client-address";

	private ClientAddress() {}
}
