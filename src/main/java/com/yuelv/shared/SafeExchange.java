package com.yuelv.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a module's HTTP client that posts but only reads (a lookup whose arguments are too long for a
 * URL). The platform tries it again like a {@code GET} and sends it without an {@code Idempotency-Key}: repeating it
 * changes nothing, so nothing needs to be remembered about it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SafeExchange {}
