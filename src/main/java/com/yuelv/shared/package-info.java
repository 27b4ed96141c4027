/**
 * Shared kernel: the few value types every module speaks in (user ids, money, multilingual text, geographic points,
 * language tags, client addresses, expected versions, the rules for typed text, signed page cursors), the
 * {@link com.yuelv.shared.Rejection} by which a module refuses a request without knowing anything about HTTP, and the
 * ports the platform serves to the modules ({@link com.yuelv.shared.Dependencies},
 * {@link com.yuelv.shared.TokenRevocations}, {@link com.yuelv.shared.CurrentUser}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel")
@org.jspecify.annotations.NullMarked
package com.yuelv.shared;
