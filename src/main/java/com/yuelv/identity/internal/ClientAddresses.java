package com.yuelv.identity.internal;

import com.yuelv.shared.ClientAddress;

import jakarta.servlet.http.HttpServletRequest;

/** The client address a request was counted by, for the login throttle: the platform's, or the connection's. */
public final class ClientAddresses {

	private ClientAddresses() {}

	public static String of(HttpServletRequest request) {
		return request.getAttribute(ClientAddress.ATTRIBUTE) instanceof ClientAddress resolved ? resolved.value()
				: request.getRemoteAddr();
	}
}
