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
import org.springframework.test.context.TestPropertySource;

/**
 * A module started on its own ({@code @ApplicationModuleTest}, the module of the test's package) with the platform
 * and its areas, each a nested module of its own, on an in-memory database of its own, and without identity's token
 * revocations.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ApplicationModuleTest(extraIncludes = { "platform", "platform.audit", "platform.cache", "platform.deployment",
		"platform.events", "platform.idempotency", "platform.keys", "platform.observability", "platform.openapi",
		"platform.overload", "platform.privacy", "platform.ratelimit", "platform.resilience", "platform.security",
		"platform.traffic", "platform.web" })
@Import(NoTokenRevocations.class)
@ActiveProfiles("test")
// a database of each module test's own
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:yuelv-module-${random.uuid};MODE=PostgreSQL;"
		+ "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
public @interface ModuleWithPlatformTest {}
