/**
 * Rate limits: token buckets per client address and per account for each route class, in memory or shared by the
 * replicas in Redis, with the trusted proxies whose forwarded addresses are believed.
 */
@org.jspecify.annotations.NullMarked
package com.yuelv.platform.ratelimit;
