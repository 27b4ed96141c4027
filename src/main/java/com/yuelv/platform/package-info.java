/**
 * Platform infrastructure that every module relies on and none reaches into. Its areas: the HTTP contract
 * ({@code web}, {@code openapi}) and security ({@code security}); the protections against a surge ({@code ratelimit},
 * {@code overload}, {@code resilience}, and {@code traffic} to operate them); distribution over deployments
 * ({@code deployment}, {@code events}); and the two-level {@code cache}. Each area is a nested application module whose
 * allowed dependencies on the others are declared in its {@code package-info}, so that Spring Modulith's verification
 * keeps the layering. Business modules see only Spring's own abstractions and the shared kernel's ports: the
 * platform serves {@code Dependencies}, {@code CurrentUser} and the {@code AuditTrail}, and reads {@code TokenRevocations} from identity.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
@org.jspecify.annotations.NullMarked
package com.yuelv.platform;
