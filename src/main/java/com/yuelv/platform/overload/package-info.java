/**
 * Priority load shedding: an adaptive concurrency limit learnt from latency, critical requests (sign-in, booking)
 * admitted first and normal and sheddable ones refused when the limit or a standing queue says so.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: overload",
		allowedDependencies = { "platform.web", "platform.ratelimit" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.overload;
