package com.yuelv;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.test.web.servlet.MockMvc;

import com.yuelv.shared.FieldCipher;

/**
 * What every test of the REST API needs: MockMvc, the database to look behind the API, and an {@link Api} client.
 */
public abstract class ApiTestSupport {

	@Autowired protected MockMvc mvc;
	@Autowired protected JdbcClient jdbc;
	@Autowired protected FieldCipher cipher;
	@Autowired private JwtEncoder tokens;
	@Autowired private org.springframework.core.env.Environment environment;

	protected Api api;

	/**
	 * An access token with the admin role for the account, good for five minutes, signed as the identity module signs
	 * its own (the account itself need not be an admin).
	 */
	protected String adminToken(UUID account) {
		var now = Instant.now();
		return tokens.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(),
				JwtClaimsSet.builder().issuer(issuer()).subject(account.toString()).issuedAt(now)
					.expiresAt(now.plus(5, ChronoUnit.MINUTES)).claim("roles", List.of("ADMIN", "TRAVELER")).build()))
			.getTokenValue();
	}

	/** The issuer of access tokens, which every deployment checks. */
	protected String issuer() {
		return environment.getRequiredProperty("yuelv.jwt.issuer");
	}

	/** The blind index an account with this email (in its one spelling) is stored with. */
	protected String emailIndex(String email) {
		return cipher.blindIndex("identity", email);
	}

	@BeforeEach
	void createApiClient() {
		api = new Api(mvc);
	}
}
