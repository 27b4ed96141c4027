package com.yuelv.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import com.yuelv.Api;
import com.yuelv.Intercepting;
import com.yuelv.PostgresDatabases;
import com.yuelv.YuelvApplication;
import com.yuelv.shared.Rejection;

/**
 * A logout that arrives while a refresh of the same login is between writing its new token and committing, on
 * PostgreSQL. The refresh is held at exactly that point, so the race happens every time.
 */
class SessionRaceIntegrationTests {

	static final CountDownLatch NEW_TOKEN_WRITTEN = new CountDownLatch(1);
	static final CountDownLatch MAY_COMMIT = new CountDownLatch(1);
	static volatile boolean holdNextSave;

	@Test
	void aLogoutWaitsForAnInFlightRefreshAndRevokesTheTokenItIssued() throws Exception {
		var url = PostgresDatabases.recreate("yuelv_it_session_race");
		try (var threads = Executors.newFixedThreadPool(2);
				var app = new SpringApplicationBuilder(YuelvApplication.class, HoldRefresh.class)
				.profiles("test", "postgres")
				.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresDatabases.USER,
						"--server.port=0")) {
			var email = "race-" + UUID.randomUUID() + "@yuelv.test";
			app.getBean(Registration.class).register(email, Api.PASSWORD, "Racer");
			var sessions = app.getBean(Sessions.class);
			var login = sessions.logIn(email, Api.PASSWORD, "127.0.0.1");

			holdNextSave = true;
			// each on a thread of its own: the common pool may have a single worker on a small machine
			var refreshing = CompletableFuture.supplyAsync(() -> sessions.refresh(login.refreshToken()), threads);
			assertThat(NEW_TOKEN_WRITTEN.await(20, TimeUnit.SECONDS)).isTrue();
			var loggingOut = CompletableFuture.runAsync(() -> sessions.logOut(login.refreshToken()), threads);
			Thread.sleep(500);
			assertThat(loggingOut).as("the logout waits for the refresh's lock").isNotDone();

			MAY_COMMIT.countDown();
			var refreshed = refreshing.get(20, TimeUnit.SECONDS);
			loggingOut.get(20, TimeUnit.SECONDS);

			assertThatThrownBy(() -> sessions.refresh(refreshed.refreshToken()))
					.as("the token issued during the logout is revoked with its login")
					.isInstanceOf(Rejection.class)
					.hasMessageContaining("revoked");
		}
	}

	/** Holds the refresh transaction right after it saved its new token, until the test lets it commit. */
	static class HoldRefresh extends Intercepting<RefreshTokens> {

		HoldRefresh() {
			super(RefreshTokens.class);
		}

		@Override
		protected Object intercept(Method method, Call call) throws Throwable {
			var result = call.proceed();
			if (method.getName().equals("save") && holdNextSave) {
				holdNextSave = false;
				NEW_TOKEN_WRITTEN.countDown();
				MAY_COMMIT.await(20, TimeUnit.SECONDS);
			}
			return result;
		}
	}
}
