package com.yuelv.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Platform settings, under {@code yuelv.*}.
 *
 * @param dataDir where the embedded mode keeps its database and generated keys
 * @param maxRequestBody largest request body accepted; larger ones get a 413
 * @param jwt access token settings
 * @param pageTokenSecret secret that signs page tokens; when blank a random one is made at start (tokens then do not
 *     survive a restart and are not shared between replicas)
 */
@ConfigurationProperties("yuelv")
public record PlatformProperties(
		@DefaultValue("./data") Path dataDir,
		@DefaultValue("64KB") DataSize maxRequestBody,
		@DefaultValue Jwt jwt,
		@DefaultValue("") String pageTokenSecret) {

	/**
	 * @param issuer the {@code iss} claim of issued tokens, checked on every request
	 * @param keyFile PKCS#8 PEM file with the RSA signing key; created (with its public half) when missing
	 */
	public record Jwt(
			@DefaultValue("yuelv") String issuer,
			@DefaultValue("") String keyFile) {}

	public Path jwtKeyFile() {
		return jwt.keyFile().isBlank() ? dataDir.resolve("keys/jwt-signing-key.pem") : Path.of(jwt.keyFile());
	}
}
