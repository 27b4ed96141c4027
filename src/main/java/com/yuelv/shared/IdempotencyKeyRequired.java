package com.yuelv.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method whose request must carry an {@code Idempotency-Key}: one that moves money or otherwise
 * must not happen twice because a client retried it. Every other unsafe request may carry one. The platform refuses a
 * request without it (400, problem type {@code idempotency-key-required}), stores the first outcome of each key and
 * replays it to retries.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IdempotencyKeyRequired {}
