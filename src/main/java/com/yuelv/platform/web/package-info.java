/**
 * The HTTP contract: what a request may carry (query encoding, JSON in UTF-8, strict JSON and parameters, body
 * size), decided once for every endpoint before a controller sees it, and every failure answered as an RFC 9457
 * problem with a stable type. Refusals are counted, never logged as errors.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: web",
		allowedDependencies = { "platform", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.web;
