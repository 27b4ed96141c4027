/**
 * What operators see of a deployment: metrics labelled by application, deployment and module for Prometheus, traces
 * that follow a request across deployments, RabbitMQ and the outbox, and the actuator views of the deployment's
 * topology and event backlog.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: observability",
		allowedDependencies = { "platform", "platform.deployment", "platform.web" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.observability;
