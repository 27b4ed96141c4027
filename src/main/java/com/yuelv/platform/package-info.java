/**
 * Platform infrastructure shared by all modules but reached into by none: the HTTP error contract (RFC 9457 problems),
 * request size limits, authentication with JWT bearer tokens, page-token signing and the OpenAPI document. Business
 * modules only see Spring's own abstractions ({@code JwtEncoder}, {@code PageTokens}) and the shared kernel.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
@org.jspecify.annotations.NullMarked
package com.yuelv.platform;
