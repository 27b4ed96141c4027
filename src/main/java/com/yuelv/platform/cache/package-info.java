/**
 * The two-level cache: a Caffeine level in each replica and, with Redis, a shared level and a channel that drops an
 * entry on every replica when it changes; and the answers to public reads each replica keeps for a moment, dropped
 * whenever an entry changes.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: cache",
		allowedDependencies = { "platform.web", "platform.ratelimit" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.cache;
