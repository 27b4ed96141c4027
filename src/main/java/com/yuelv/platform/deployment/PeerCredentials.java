package com.yuelv.platform.deployment;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.yuelv.platform.PlatformProperties;
import com.yuelv.platform.RsaKeyFile;
import com.yuelv.shared.AuditTrail;

/**
 * Who a deployment of a split is to its peers, and who a peer is to it. Each deployment holds an RSA key of its own
 * ({@code yuelv.split.identity.key-file}), which only its replicas have, and signs with it the short-lived token it
 * shows on each call to another deployment: issuer and subject {@code deployment:<name>}, audience the module it
 * calls ({@code module:trip}, so that only a deployment running that module takes it), and a key id naming the
 * deployment and its key. A deployment believes such a token only with
 * the public key filed for the deployment it names ({@code yuelv.split.identity.peer-keys}): a deployment speaks for
 * itself and for no other, and the key that signs travellers' access tokens makes no peer. A refused credential is
 * audited ({@code peer-credential-refused}), once a minute for each deployment it claims to be and reason (those
 * claiming a deployment with no key filed together, as {@code deployment:(unknown)}).
 */
public final class PeerCredentials {

	/** The audience of a credential for the deployment running a module: {@code module:<name>}. */
	private static final String AUDIENCE_PREFIX = "module:";
	private static final String ISSUER_PREFIX = "deployment:";
	private static final String KEY_ID_PREFIX = "peer:";
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
	private static final String UNKNOWN_DEPLOYMENT = "(unknown)";
	/** Whether a token header names a peer's key, for the few headers in use (and whatever else is sent, bounded). */
	private static final Cache<String, Boolean> HEADERS = Caffeine.newBuilder().maximumSize(256).build();

	private final String deployment;
	private final LocalModules modules;
	private final Duration maximumLifetime;
	private final @Nullable RsaKeyFile key;
	private final PeerKeys peers;
	private final @Nullable JwtEncoder encoder;
	private final RefusalAudit refusals;
	private final Clock clock;
	private final Map<String, JwtDecoder> verifiers = new ConcurrentHashMap<>();

	PeerCredentials(PeerSettings settings, LocalModules modules, PlatformProperties platform, AuditTrail audit,
			Clock clock) {
		this.deployment = settings.deployment();
		this.maximumLifetime = settings.tokenLifetime();
		this.modules = modules;
		this.refusals = new RefusalAudit(audit, clock);
		this.clock = clock;
		var identity = settings.identity();
		var keys = identity.keyFile().isBlank() ? platform.dataDir().resolve("keys/deployment-key.pem")
				: Path.of(identity.keyFile());
		this.peers = new PeerKeys(identity.peerKeys().isBlank() ? platform.dataDir().resolve("keys/peers")
				: Path.of(identity.peerKeys()), clock);
		if (modules.isSplit()) {
			if (!PeerKeys.DEPLOYMENT_NAME.matcher(deployment).matches()) {
				throw new IllegalStateException(("yuelv.split.deployment: '%s' is not a deployment name (lower-case "
						+ "letters, digits and inner hyphens)").formatted(deployment));
			}
			this.key = RsaKeyFile.loadOrCreate(keys);
			var jwk = new RSAKey.Builder(key.publicKey()).privateKey(key.privateKey()).keyID(keyId())
				.algorithm(JWSAlgorithm.RS256).build();
			this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
			peers.publish(deployment, key);
			peers.read();
		}
		else {
			// the single JAR calls no peer and takes no peer's call: it holds no key
			this.key = null;
			this.encoder = null;
		}
	}

	/**
	 * Whether a bearer token presents itself as a peer's credential, by its header alone (nothing verified yet). Every
	 * token one key signs has the same header, so the answer is kept per header: a request does not parse it again.
	 */
	public static boolean presentedByPeer(String token) {
		var end = token.indexOf('.');
		if (end <= 0) {
			return false;
		}
		return HEADERS.get(token.substring(0, end), PeerCredentials::namesPeerKey);
	}

	private static boolean namesPeerKey(String header) {
		try {
			var keyId = JWSHeader.parse(new Base64URL(header)).getKeyID();
			return keyId != null && keyId.startsWith(KEY_ID_PREFIX);
		}
		catch (ParseException | RuntimeException notAHeader) {
			return false;
		}
	}

	/** The deployment a verified peer credential speaks for; empty for any other token. */
	public static Optional<String> deploymentOf(Jwt token) {
		var issuer = token.getClaimAsString(JwtClaimNames.ISS);
		return issuer != null && issuer.startsWith(ISSUER_PREFIX) ? Optional.of(issuer.substring(ISSUER_PREFIX.length()))
				: Optional.empty();
	}

	/**
	 * Parses a peer's credential and verifies its signature with the key filed for the deployment its key id names;
	 * the claims are left to {@link #claims()}.
	 *
	 * @throws BadJwtException when the token is not a peer credential, names a key not filed, or its signature fails
	 */
	public Jwt verifySignature(String token) {
		String[] keyId;
		try {
			var header = JWSHeader.parse(new Base64URL(token.substring(0, Math.max(token.indexOf('.'), 0))));
			keyId = header.getKeyID() == null ? new String[0] : header.getKeyID().split(":", -1);
		}
		catch (ParseException | RuntimeException notAHeader) {
			throw new BadJwtException("The peer credential has no readable header");
		}
		if (keyId.length != 3 || !PeerKeys.DEPLOYMENT_NAME.matcher(keyId[1]).matches()) {
			throw new BadJwtException("The peer credential's key id names no deployment key");
		}
		var claimed = keyId[1];
		if (key == null) {
			throw refused(claimed, "no-peers", "This deployment takes no calls from peers");
		}
		var publicKey = peers.find(claimed, keyId[2]).orElseThrow(() -> refused(claimed, "unknown-key",
				"The peer credential is signed with a key not filed for deployment " + claimed));
		var verifier = verifiers.computeIfAbsent(String.join(":", keyId), ignored -> {
			var decoder = NimbusJwtDecoder.withPublicKey(publicKey).signatureAlgorithm(SignatureAlgorithm.RS256)
					.build();
			decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
			return decoder;
		});
		Jwt jwt;
		try {
			jwt = verifier.decode(token);
		}
		catch (JwtException forged) {
			throw refused(claimed, "bad-signature", "The peer credential's signature does not hold");
		}
		if (!(ISSUER_PREFIX + claimed).equals(jwt.getClaimAsString(JwtClaimNames.ISS))) {
			throw refused(claimed, "wrong-issuer", "The peer credential's issuer is not the deployment that signed it");
		}
		return jwt;
	}

	/**
	 * What a peer credential's claims must say: unexpired, with an expiry no further than a credential's lifetime, not
	 * issued in the future, and meant for a module this deployment runs.
	 */
	public OAuth2TokenValidator<Jwt> claims() {
		var timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		OAuth2TokenValidator<Jwt> lifetime = jwt -> jwt.getIssuedAt() != null && jwt.getExpiresAt() != null
				&& !jwt.getExpiresAt().isAfter(jwt.getIssuedAt().plus(maximumLifetime).plus(CLOCK_SKEW))
						? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
								"The peer credential lives longer than a peer credential may", null));
		OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().stream()
			.anyMatch(named -> named.startsWith(AUDIENCE_PREFIX)
					&& modules.isLocal(named.substring(AUDIENCE_PREFIX.length())))
						? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
								"The peer credential is meant for a module this deployment does not run", null));
		return new DelegatingOAuth2TokenValidator<>(timestamps, lifetime, audience);
	}

	/** The audience of a credential for the deployment running the module. */
	static String audienceOf(String module) {
		return AUDIENCE_PREFIX + module;
	}

	/** The encoder of this deployment's own credential: its key, named by its key id. */
	JwtEncoder encoder() {
		if (encoder == null) {
			throw new IllegalStateException("The single JAR has no peers to call");
		}
		return encoder;
	}

	/** The key id this deployment's credentials carry. */
	String keyId() {
		return KEY_ID_PREFIX + deployment + ":" + (key == null ? "" : key.keyId());
	}

	/** The issuer and subject of this deployment's credentials. */
	String issuer() {
		return ISSUER_PREFIX + deployment;
	}

	/**
	 * Audits a refusal, once a minute for each deployment and reason; credentials naming a deployment with no key
	 * filed are audited together, so that made-up names cannot flood the trail.
	 */
	private BadJwtException refused(String claimed, String reason, String message) {
		var actor = ISSUER_PREFIX + (peers.knows(claimed) ? claimed : UNKNOWN_DEPLOYMENT);
		refusals.record(actor + " " + reason, "peer-credential-refused", actor,
				Map.of("reason", reason, "deployment", deployment, "claimed", claimed));
		return new BadJwtException(message);
	}
}
