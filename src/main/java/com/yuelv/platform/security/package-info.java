/**
 * Who may call what: bearer access tokens verified once per replica and checked on every request against their
 * claims and the revocations identity records, the firewall and the browser headers, the public URL the API names
 * itself by, and the current user handed to controllers.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: security",
		allowedDependencies = { "platform", "platform.web", "platform.ratelimit", "platform.deployment", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.security;
