/**
 * Events with an outbox: the publication registry's maintenance, and between the deployments of a split the RabbitMQ
 * transport with publisher confirms, an inbox that takes each event once, and dead letters with their reasons.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: events",
		allowedDependencies = { "platform", "platform.deployment", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.events;
