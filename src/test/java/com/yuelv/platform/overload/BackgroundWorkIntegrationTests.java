package com.yuelv.platform.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * Event listeners are background work: while requests are shed, the welcome a new account gets waits, its
 * publication stored and incomplete, and once no request was shed for a second it is written.
 */
@EmbeddedModeTest
class BackgroundWorkIntegrationTests extends ApiTestSupport {

	@Autowired LoadShedding shedding;
	@Autowired BackgroundWork background;

	@Test
	void eventListenersWaitWhileRequestsAreShed() throws InterruptedException {
		long start = shedding.nanoTime();
		int held = 0;
		// fill what sheddable requests may fill: from now on every further one is shed
		while (shedding.admit(Priority.SHEDDABLE, -1, shedding.nanoTime())) {
			held++;
		}
		var overloaded = new AtomicBoolean(true);
		var refusals = Thread.ofVirtual().start(() -> {
			while (overloaded.get()) {
				shedding.admit(Priority.SHEDDABLE, -1, shedding.nanoTime());
				LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
			}
		});
		UUID newcomer;
		try {
			// registering is critical, and finds room
			newcomer = api.register("Patient Newcomer").id();
			for (int i = 0; i < 5; i++) {
				assertThat(welcomed(newcomer)).isFalse();
				Thread.sleep(100);
			}
			assertThat(background.waiting()).isPositive();
			assertThat(background.describe()).containsEntry("deferring", true);
		}
		finally {
			overloaded.set(false);
			refusals.join();
			for (int i = 0; i < held; i++) {
				shedding.done(Priority.SHEDDABLE, -1, start);
			}
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> welcomed(newcomer));
		assertThat(background.describe()).containsEntry("deferring", false);
	}

	private boolean welcomed(UUID person) {
		return jdbc.sql("""
				select count(*) from event_publication
				where listener_id like '%InboxWriter%' and serialized_event like ? and completion_date is not null""")
				.param("%" + person + "%").query(Long.class).single() > 0;
	}
}
