/**
 * The operators' handle on the protections: the actuator endpoint that shows the limits, the concurrency limit and
 * the breakers, changes limits at run time and switches a protection off or on, with an audit of each change.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: traffic",
		allowedDependencies = { "platform", "platform.overload", "platform.ratelimit", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.traffic;
