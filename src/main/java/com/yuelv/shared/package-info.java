/**
 * Shared kernel: the few value types every module speaks in (user ids, money, multilingual text, geographic points,
 * language tags, client addresses, expected versions, the rules for typed text, signed page cursors), the
 * {@link com.yuelv.shared.Rejection} by which a module refuses a request without knowing anything about HTTP, and the
 * ports between the modules and the platform: {@link com.yuelv.shared.Dependencies},
 * {@link com.yuelv.shared.CurrentUser} and {@link com.yuelv.shared.AuditTrail}, which the platform serves,
 * {@link com.yuelv.shared.TokenRevocations}, which identity serves and the platform reads, and
 * {@link com.yuelv.shared.ReadModel}, which modules with derived stores serve and the platform's readiness reads.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel")
@org.jspecify.annotations.NullMarked
package com.yuelv.shared;
