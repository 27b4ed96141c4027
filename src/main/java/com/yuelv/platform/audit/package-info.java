/**
 * The tamper-evident audit trail of security events: entries appended to a hash chain in the platform's schema by
 * every module through {@link com.yuelv.shared.AuditTrail}, queried and verified by admins at
 * {@code /actuator/audit}, and pruned past their retention with the pruning itself recorded in the chain.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform: audit",
		allowedDependencies = { "platform", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.audit;
