/**
 * Demo data: with the {@code demo} profile, a few travelers and trips written in Chinese, Japanese and English are
 * created through the identity and trip APIs at start, once.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data", allowedDependencies = { "identity",
		"trip", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.demo;
