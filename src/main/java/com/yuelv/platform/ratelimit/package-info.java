/**
 * Rate limits: token buckets per client address and per account for each route class, in memory or shared by the
 * replicas in Redis, with the trusted proxies whose forwarded addresses are believed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: ratelimit",
		allowedDependencies = { "platform.web", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.ratelimit;
