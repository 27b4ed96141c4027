package com.yuelv.platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Platform settings, under {@code yuelv.*}.
 *
 * @param dataDir where the embedded mode keeps its database and generated keys
 * @param maxRequestBody largest request body accepted; larger ones get a 413
 * @param uploads the paths that take a file (a {@code POST} with a {@code multipart/form-data} body, no JSON), each
 *     with the largest body it accepts
 * @param formPosts the paths that take an HTML form's body ({@code application/x-www-form-urlencoded} in UTF-8)
 *     instead of JSON: the authorization server's endpoints and its login page, which OAuth 2.1 and browsers post
 *     forms to
 * @param otherAnswers the paths answered in another media type than JSON, by Spring's path pattern ({@code *} for
 *     one path segment): an {@code Accept} there may ask for that type (such as {@code image/jpeg} or
 *     {@code text/event-stream}) instead of JSON
 * @param jwt access token settings
 * @param pageTokenSecret secret that signs page tokens; when blank a random one is made at start (tokens then do not
 *     survive a restart and are not shared between replicas)
 * @param publicUrl the URL clients reach the API at (the edge's, in a split), used wherever the API names itself:
 *     the OpenAPI document's server, the protected-resource metadata and its link in {@code WWW-Authenticate}. Never
 *     taken from a request's {@code Host}, which the caller chooses
 */
@ConfigurationProperties("yuelv")
public record PlatformProperties(
		@DefaultValue("./data") Path dataDir,
		@DefaultValue("64KB") DataSize maxRequestBody,
		@DefaultValue Map<String, DataSize> uploads,
		@DefaultValue java.util.Set<String> formPosts,
		@DefaultValue Map<String, org.springframework.http.MediaType> otherAnswers,
		@DefaultValue Jwt jwt,
		@DefaultValue("") String pageTokenSecret,
		@DefaultValue("http://localhost:8080") URI publicUrl) {

	public PlatformProperties {
		if (!publicUrl.isAbsolute() || publicUrl.getHost() == null
				|| !("https".equals(publicUrl.getScheme()) || "http".equals(publicUrl.getScheme()))
				|| publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
			throw new IllegalStateException("yuelv.public-url must be an absolute http(s) URL without query or "
					+ "fragment, such as https://api.yuelv.app; got " + publicUrl);
		}
		var text = publicUrl.toString();
		publicUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
	}

	/**
	 * @param issuer the {@code iss} claim of issued tokens, checked on every request: the public URL
	 *     ({@code yuelv.public-url}), as OpenID Connect asks of the authorization server
	 * @param keyFile PEM file with the RSA key of access tokens: the PKCS#8 private key where tokens are signed (the
	 *     deployment running identity; created when missing), or its public half ({@code PUBLIC KEY}) where they are
	 *     only verified
	 * @param verificationKeysFile PEM file with public keys ({@code PUBLIC KEY} blocks) that access tokens are verified
	 *     with besides the key of {@code key-file}, and that the authorization server publishes beside it (JWKS): the
	 *     next key before it signs, the previous one until the last token it signed has expired; none when blank
	 * @param revocationRefresh how often each replica reads new revocations of access tokens: about the longest a
	 *     revoked token is still accepted
	 * @param revocationsKeptFor how long a revocation is remembered; must exceed the access tokens' lifetime
	 *     ({@code yuelv.identity.access-token-ttl})
	 */
	public record Jwt(
			@DefaultValue("http://localhost:8080") String issuer,
			@DefaultValue("") String keyFile,
			@DefaultValue("") String verificationKeysFile,
			@DefaultValue("1s") Duration revocationRefresh,
			@DefaultValue("1h") Duration revocationsKeptFor) {}

	public Path jwtKeyFile() {
		return jwt.keyFile().isBlank() ? dataDir.resolve("keys/jwt-signing-key.pem") : Path.of(jwt.keyFile());
	}
}
