/**
 * The modules of one deployment: which run here (`yuelv.split.modules`), the module metadata the build generates,
 * the HTTP clients that stand in for the modules other deployments run, and the peer credentials they present.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: deployment",
		allowedDependencies = { "platform", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.deployment;
