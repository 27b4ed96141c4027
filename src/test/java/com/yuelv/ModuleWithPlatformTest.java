package com.yuelv;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A module started on its own ({@code @ApplicationModuleTest}, the module of the test's package) with the platform
 * and its areas, each a nested module of its own, and without identity's token revocations.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ApplicationModuleTest(extraIncludes = { "platform", "platform.cache", "platform.deployment", "platform.events",
		"platform.openapi", "platform.overload", "platform.ratelimit", "platform.resilience", "platform.security",
		"platform.traffic", "platform.web" })
@Import(NoTokenRevocations.class)
@ActiveProfiles("test")
public @interface ModuleWithPlatformTest {}
