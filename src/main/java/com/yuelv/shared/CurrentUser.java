package com.yuelv.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller parameter of type {@link UserId} that receives the signed-in account of the request. On an
 * endpoint anyone may call, an anonymous request gets {@code null} (declare the parameter {@code @Nullable}); on the
 * others security has refused it before. The platform resolves it; modules never read the token themselves.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentUser {}
