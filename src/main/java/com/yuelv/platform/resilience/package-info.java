/**
 * Guards of what modules depend on (another deployment's module, the search index): a time limit, a bulkhead and a
 * circuit breaker per dependency, degraded answers from what was last seen, and refusals as 503 problems.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: resilience",
		allowedDependencies = { "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.resilience;
