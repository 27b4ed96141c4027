/**
 * Shared kernel: the few value types every module speaks in (user ids, money, multilingual text, geographic points,
 * language tags, the rules for typed text, signed page cursors) and the {@link com.yuelv.shared.Rejection} by which a
 * module refuses a request without knowing anything about HTTP.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel")
@org.jspecify.annotations.NullMarked
package com.yuelv.shared;
