/**
 * The OpenAPI document: bearer authentication, the problem answers every operation can give, and the configured
 * public URL as its server.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: openapi",
		allowedDependencies = { "platform", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.openapi;
