package com.yuelv.trip.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.PostgresDatabases;
import com.yuelv.YuelvApplication;
import com.yuelv.identity.IdentityApi;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.BenchmarkTrips;
import com.yuelv.trip.TripId;

/**
 * A trip detail read on PostgreSQL, through the two-level cache (an in-memory hit) and straight from the database (a
 * read-only transaction loading the aggregate, which is what a cache miss costs). 1,000 published trips, read at
 * random. Run with {@code bench/jmh.sh TripReadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Threads(2)
public class TripReadBenchmark {

	ConfigurableApplicationContext app;
	TripDetailsSource cached;
	Trips trips;
	TransactionTemplate readOnly;
	final List<TripId> ids = new ArrayList<>();
	final Random random = new Random(5);

	@Setup(Level.Trial)
	public void start() {
		var url = PostgresDatabases.recreate("yuelv_bench_read");
		app = new SpringApplicationBuilder(YuelvApplication.class).profiles("test", "postgres")
				.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresDatabases.USER,
						"--server.port=0", "--logging.level.root=WARN");
		var organizer = app.getBean(IdentityApi.class).register("bench-" + UUID.randomUUID() + "@yuelv.test",
				"a long enough passphrase", "基准");
		var tripApi = app.getBean(TripApi.class);
		var start = LocalDate.now().plusDays(30);
		for (int i = 0; i < 1000; i++) {
			var id = tripApi.draft(organizer, BenchmarkTrips.draft(i, start));
			tripApi.publish(organizer, id);
			ids.add(id);
		}
		cached = app.getBean(TripDetailsSource.class);
		trips = app.getBean(Trips.class);
		readOnly = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
		readOnly.setReadOnly(true);
	}

	@TearDown(Level.Trial)
	public void stop() {
		app.close();
	}

	private TripId next() {
		synchronized (random) {
			return ids.get(random.nextInt(ids.size()));
		}
	}

	@Benchmark
	public TripDetails cached() {
		return cached.load(next()).orElseThrow();
	}

	@Benchmark
	public TripDetails uncached() {
		var id = next();
		return readOnly.execute(status -> trips.findById(id.value()).map(Trip::details).orElseThrow());
	}
}
