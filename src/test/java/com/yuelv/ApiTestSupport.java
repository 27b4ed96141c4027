package com.yuelv;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.yuelv.shared.FieldCipher;

/**
 * What every test of the REST API needs: MockMvc, the database to look behind the API, and an {@link Api} client.
 */
public abstract class ApiTestSupport {

	@Autowired protected MockMvc mvc;
	@Autowired protected JdbcClient jdbc;
	@Autowired protected FieldCipher cipher;

	protected Api api;

	/** The blind index an account with this email (in its one spelling) is stored with. */
	protected String emailIndex(String email) {
		return cipher.blindIndex("identity", email);
	}

	@BeforeEach
	void createApiClient() {
		api = new Api(mvc);
	}
}
