package com.yuelv.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request is routed by, for the filters that class requests before the application routes them (rate
 * limits, load shedding).
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * The path within the application as the container decoded and normalized it: {@code /api/v1/auth/login} for
	 * {@code /api/v1/%61uth/login} too, which the application answers alike. The raw request URI would class such a
	 * spelling as another kind of request, with a bucket and a priority of its own.
	 */
	public static String of(HttpServletRequest request) {
		var servletPath = request.getServletPath();
		var pathInfo = request.getPathInfo();
		return pathInfo == null ? servletPath : servletPath + pathInfo;
	}
}
