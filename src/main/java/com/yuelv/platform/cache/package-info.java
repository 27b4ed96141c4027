/**
 * The two-level cache: a Caffeine level in each replica and, with Redis, a shared level and a channel that drops an
 * entry on every replica when it changes.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: cache", allowedDependencies = {})
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.cache;
