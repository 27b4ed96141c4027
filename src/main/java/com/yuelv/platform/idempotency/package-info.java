/**
 * Idempotent writes: an unsafe request that carries an {@code Idempotency-Key} (the IETF httpapi draft) is done once
 * per caller and key; its first outcome is stored with a fingerprint of the request and replayed to retries for a day.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: idempotency",
		allowedDependencies = { "platform.web", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.idempotency;
