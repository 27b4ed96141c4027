package com.yuelv;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
import org.springframework.util.FileSystemUtils;

import com.yuelv.shared.UserId;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripId;

/**
 * One cross-module call, {@code TripApi.find} of a published trip, in process (the trip module's own bean) and over
 * HTTP (the search deployment's client against the trips deployment, both in this JVM, embedded databases). Run with
 * {@code bench/jmh.sh CrossModuleCallBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class CrossModuleCallBenchmark {

	Path dir;
	ConfigurableApplicationContext trips;
	ConfigurableApplicationContext search;
	TripApi local;
	TripApi remote;
	final List<TripId> ids = new ArrayList<>();

	@Setup(Level.Trial)
	public void start() throws Exception {
		dir = Files.createTempDirectory("yuelv-bench-split");
		trips = start("trips", "trip,booking,geo");
		var port = trips.getEnvironment().getRequiredProperty("local.server.port");
		search = start("search", "search", "--yuelv.split.peers.trip=http://localhost:" + port);
		local = trips.getBean(TripApi.class);
		remote = search.getBean(TripApi.class);
		var organizer = UserId.random();
		var start = LocalDate.now().plusDays(30);
		for (int i = 0; i < 200; i++) {
			var id = local.draft(organizer, new TripDraft(Map.of("zh", "基准行程 " + i, "en", "Benchmark trip " + i),
					Map.of("zh", "说明".repeat(50)), "杭州", start, start.plusDays(3),
					List.of(new TripDraft.Stop("西湖", 30.25, 120.15, 1), new TripDraft.Stop("灵隐寺", 30.24, 120.1, 2)),
					6, BigDecimal.valueOf(2000), "CNY", List.of("zh", "en"), List.of("food", "tea")));
			local.publish(organizer, id);
			ids.add(id);
		}
	}

	private ConfigurableApplicationContext start(String name, String modules, String... more) {
		var args = new ArrayList<>(List.of("--yuelv.data-dir=" + dir.resolve(name),
				"--yuelv.jwt.key-file=" + dir.resolve("jwt.pem"), "--server.port=0", "--logging.level.root=WARN",
				"--yuelv.split.modules=" + modules, "--yuelv.split.peers.social=http://localhost:9"));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(YuelvApplication.class).run(args.toArray(String[]::new));
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		search.close();
		trips.close();
		FileSystemUtils.deleteRecursively(dir);
	}

	private TripId any() {
		return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
	}

	@Benchmark
	public TripDetails inProcess() {
		return local.find(any()).orElseThrow();
	}

	@Benchmark
	public TripDetails overHttp() {
		return remote.find(any()).orElseThrow();
	}
}
