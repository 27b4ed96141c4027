package com.yuelv.identity.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import com.yuelv.shared.UserId;

/**
 * The authorization server's authorizations, in {@code identity.oauth2_authorization}: Spring Authorization Server's
 * JDBC store, its statements pointed at identity's schema, with every code and token stored as its SHA-256 hash. A
 * presented code or token is hashed before it is looked up, so the table holds nothing a thief could present.
 * <p>
 * An authorization lives as long as its session: it is removed when the session ends (revocation, erasure) and purged
 * once neither its code nor any token it names can be used ({@link #purgeEnded}).
 */
class AuthorizationStore implements OAuth2AuthorizationService {

	private static final String TABLE = "oauth2_authorization";
	private static final String HASHED = "sha256:";

	private final JdbcOAuth2AuthorizationService jdbc;
	private final JdbcClient sql;
	private final Sessions sessions;

	AuthorizationStore(DataSource dataSource, RegisteredClientRepository clients, Sessions sessions) {
		this.sessions = sessions;
		this.jdbc = new JdbcOAuth2AuthorizationService(new InIdentitySchema(dataSource), clients);
		this.sql = JdbcClient.create(dataSource);
	}

	/**
	 * Stores an authorization, but not a partner's: its tokens are checked by signature and revoked by the session they
	 * name, so nothing would read it. An authorization whose refresh token was invalidated (its code presented again,
	 * RFC 6749 §4.1.2) ends its session, which stops its tokens on every deployment.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
			return;
		}
		jdbc.save(hashed(authorization));
		var refresh = authorization.getRefreshToken();
		if (refresh != null && refresh.isInvalidated()) {
			sessions.endSession(new UserId(UUID.fromString(authorization.getPrincipalName())),
					UUID.fromString(authorization.getId()), authorization.getRegisteredClientId());
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		jdbc.remove(authorization);
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return jdbc.findById(id);
	}

	/** Finds by a presented code or token, hashed: a stored hash presented as it is finds nothing. */
	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		return jdbc.findByToken(HASHED + Sessions.hash(token), tokenType);
	}

	/** Removes the authorizations of an account (its erasure). */
	int removeAllOf(String principalName) {
		return sql.sql("delete from identity.oauth2_authorization where principal_name = :principal")
				.param("principal", principalName).update();
	}

	/**
	 * Removes the authorizations that nothing issued from them can use any more: those whose last access token expired
	 * before the first time (their session's refresh tokens have expired too, since each refresh stores its access
	 * token here), and those whose code was never traded and expired before the second.
	 */
	int purgeEnded(Instant lastAccessTokenBefore, Instant untradedCodeBefore) {
		return sql.sql("""
				delete from identity.oauth2_authorization
				where access_token_expires_at < :sessions
				   or (access_token_value is null and authorization_code_expires_at < :codes)""")
				.param("sessions", lastAccessTokenBefore.atOffset(ZoneOffset.UTC))
				.param("codes", untradedCodeBefore.atOffset(ZoneOffset.UTC)).update();
	}

	/** The authorization with each code or token value replaced by its hash (already hashed values stay). */
	static OAuth2Authorization hashed(OAuth2Authorization authorization) {
		var builder = OAuth2Authorization.from(authorization);
		var code = authorization.getToken(OAuth2AuthorizationCode.class);
		if (code != null) {
			var value = code.getToken();
			builder.token(new OAuth2AuthorizationCode(hash(value.getTokenValue()), value.getIssuedAt(),
					value.getExpiresAt()), metadata(code));
		}
		var access = authorization.getToken(OAuth2AccessToken.class);
		if (access != null) {
			var value = access.getToken();
			builder.token(new OAuth2AccessToken(value.getTokenType(), hash(value.getTokenValue()), value.getIssuedAt(),
					value.getExpiresAt(), value.getScopes()), metadata(access));
		}
		var idToken = authorization.getToken(OidcIdToken.class);
		if (idToken != null) {
			var value = idToken.getToken();
			builder.token(new OidcIdToken(hash(value.getTokenValue()), value.getIssuedAt(), value.getExpiresAt(),
					value.getClaims()), metadata(idToken));
		}
		var refresh = authorization.getToken(OAuth2RefreshToken.class);
		if (refresh != null) {
			var value = refresh.getToken();
			builder.token(new OAuth2RefreshToken(hash(value.getTokenValue()), value.getIssuedAt(), value.getExpiresAt()),
					metadata(refresh));
		}
		return builder.build();
	}

	private static Consumer<Map<String, Object>> metadata(OAuth2Authorization.Token<? extends OAuth2Token> token) {
		return metadata -> metadata.putAll(token.getMetadata());
	}

	static String hash(String value) {
		return value.startsWith(HASHED) ? value : HASHED + Sessions.hash(value);
	}

	/**
	 * Spring Authorization Server names its table without a schema; this points its statements at identity's, where
	 * the module's migrations create it.
	 */
	private static final class InIdentitySchema extends JdbcTemplate {

		InIdentitySchema(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public int update(String statement, @Nullable PreparedStatementSetter setter) throws DataAccessException {
			return super.update(qualified(statement), setter);
		}

		@Override
		public <T> java.util.List<T> query(String statement, @Nullable PreparedStatementSetter setter,
				RowMapper<T> rows) throws DataAccessException {
			return super.query(qualified(statement), setter, rows);
		}

		private static String qualified(String statement) {
			var qualified = statement.replace(" " + TABLE + " ", " identity." + TABLE + " ");
			if (qualified.equals(statement)) {
				throw new IllegalStateException("Not a statement on " + TABLE + ": " + statement);
			}
			return qualified;
		}
	}
}
