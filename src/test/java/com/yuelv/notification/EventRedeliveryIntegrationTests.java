package com.yuelv.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.Intercepting;
import com.yuelv.PostgresDatabases;
import com.yuelv.YuelvApplication;
import com.yuelv.identity.IdentityApi;
import com.yuelv.notification.internal.InboxEntries;
import com.yuelv.shared.UserId;

/**
 * The outbox across restarts, on PostgreSQL: an event whose listener failed after the business transaction committed
 * is delivered when the application comes back, and an event delivered twice still makes one inbox entry.
 */
class EventRedeliveryIntegrationTests {

	static final String DATABASE = "yuelv_it_redelivery";

	@Test
	void anEventWhoseListenerFailedArrivesAfterARestartExactlyOnce() {
		var url = PostgresDatabases.recreate(DATABASE);
		UserId user;

		// 1. the inbox's storage is down: registration commits, the welcome entry cannot be written
		try (var app = start(url, InboxOutage.class)) {
			user = app.getBean(IdentityApi.class).register("restart-" + UUID.randomUUID() + "@yuelv.test",
					"a long enough passphrase", "重启");
			var jdbc = app.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> publicationStatus(jdbc, user).equals("FAILED"));
			assertThat(entries(jdbc, user)).isZero();
		}

		// 2. back up: the failed publication is resubmitted at start and the entry arrives
		try (var app = start(url)) {
			var jdbc = app.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> publicationStatus(jdbc, user).equals("COMPLETED"));
			assertThat(entries(jdbc, user)).isEqualTo(1);
			// as if the process had died after writing the entry but before marking the publication complete
			jdbc.sql("update platform.event_publication set completion_date = null, status = 'PROCESSING' "
					+ "where serialized_event like ?").param("%" + user + "%").update();
		}

		// 3. the same event is delivered again: the inbox recognizes it and stays at one entry
		try (var app = start(url)) {
			var jdbc = app.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> publicationStatus(jdbc, user).equals("COMPLETED"));
			assertThat(entries(jdbc, user)).isEqualTo(1);
		}
	}

	private static ConfigurableApplicationContext start(String url, Class<?>... extras) {
		var sources = new Class<?>[extras.length + 1];
		sources[0] = YuelvApplication.class;
		System.arraycopy(extras, 0, sources, 1, extras.length);
		return new SpringApplicationBuilder(sources)
				.profiles("test", "postgres")
				.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresDatabases.USER,
						"--server.port=0", "--spring.modulith.events.republish-outstanding-events-on-restart=true");
	}

	private static String publicationStatus(JdbcClient jdbc, UserId user) {
		return jdbc.sql("select coalesce(max(status), 'NONE') from platform.event_publication "
				+ "where listener_id like '%InboxWriter%' and serialized_event like ?")
				.param("%" + user + "%").query(String.class).single();
	}

	private static long entries(JdbcClient jdbc, UserId user) {
		return jdbc.sql("select count(*) from notification.inbox_entries where recipient_id = ?")
				.param(user.value()).query(Long.class).single();
	}

	/** Makes every write to the inbox fail, as when its storage is unreachable. */
	static class InboxOutage extends Intercepting<InboxEntries> {

		InboxOutage() {
			super(InboxEntries.class);
		}

		@Override
		protected Object intercept(Method method, Call call) throws Throwable {
			if (method.getName().startsWith("save")) {
				throw new DataAccessResourceFailureException("inbox storage unreachable");
			}
			return call.proceed();
		}
	}
}
