package com.yuelv;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What every test of the REST API needs: MockMvc, the database to look behind the API, and an {@link Api} client.
 */
public abstract class ApiTestSupport {

	@Autowired protected MockMvc mvc;
	@Autowired protected JdbcClient jdbc;

	protected Api api;

	@BeforeEach
	void createApiClient() {
		api = new Api(mvc);
	}
}
