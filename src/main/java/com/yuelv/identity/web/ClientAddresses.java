package com.yuelv.identity.web;

import com.yuelv.shared.ClientAddress;

import jakarta.servlet.http.HttpServletRequest;

/** The client address a request was counted by, for the login throttle: the platform's, or the connection's. */
final class ClientAddresses {

	private ClientAddresses() {}

	static String of(HttpServletRequest request) {
		return request.getAttribute(ClientAddress.ATTRIBUTE) instanceof ClientAddress resolved ? resolved.value()
				: request.getRemoteAddr();
	}
}
