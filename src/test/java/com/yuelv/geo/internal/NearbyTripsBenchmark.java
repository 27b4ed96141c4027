package com.yuelv.geo.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.yuelv.PostgresDatabases;
import com.yuelv.shared.GeoPoint;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * Nearby trips on PostgreSQL with {@code stops} itinerary stops (one million by default): 250,000 trips of four stops
 * each, around the catalog's cities of 50,000 people or more, queried around random such cities. Run with
 * {@code bench/jmh.sh NearbyTripsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Threads(2)
public class NearbyTripsBenchmark {

	@Param("1000000")
	int stops;

	@Param({ "10", "50" })
	double radiusKm;

	HikariDataSource dataSource;
	NearbyTrips nearby;
	List<GeoPoint> centers;
	final Random random = new Random(11);

	@Setup(Level.Trial)
	public void load() throws IOException, SQLException {
		var url = PostgresDatabases.recreate("yuelv_bench_nearby");
		var config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(PostgresDatabases.USER);
		config.setMaximumPoolSize(4);
		dataSource = new HikariDataSource(config);
		var jdbc = JdbcClient.create(dataSource);
		jdbc.sql(new ClassPathResource("db/migration/geo/V1__trip_stops.sql").getContentAsString(StandardCharsets.UTF_8))
				.update();

		var catalog = new PlaceCatalog();
		centers = new ArrayList<>();
		for (var id : catalog.ids()) {
			var place = catalog.find(id).orElseThrow();
			if (place.population() >= 50_000) {
				centers.add(place.location());
			}
		}
		centers.sort(java.util.Comparator.comparingDouble(GeoPoint::latitude).thenComparingDouble(GeoPoint::longitude));

		var generator = new Random(3);
		// trips that have not ended, whenever the benchmark runs
		var start = java.time.LocalDate.now().plusDays(30);
		var trips = new StringBuilder();
		var tripStops = new StringBuilder();
		var tripCount = stops / 4;
		for (int t = 0; t < tripCount; t++) {
			var id = new UUID(2, t);
			var center = centers.get(generator.nextInt(centers.size()));
			trips.append(id).append("\t{\"zh\":\"行程").append(t).append("\"}\t").append(start).append('\t')
					.append(start.plusDays(4)).append("\ttrue\t2\n");
			for (int s = 0; s < 4; s++) {
				var lat = Math.max(-90, Math.min(90, center.latitude() + (generator.nextDouble() - 0.5) * 0.6));
				var lon = Math.max(-180, Math.min(179.999, center.longitude() + (generator.nextDouble() - 0.5) * 0.6));
				tripStops.append(id).append('\t').append(s).append("\tstop ").append(s).append('\t').append(lat)
						.append('\t').append(lon).append('\t').append(Geohash.encode(lat, lon)).append('\n');
			}
		}
		try (var connection = dataSource.getConnection()) {
			var copy = connection.unwrap(PGConnection.class).getCopyAPI();
			copy.copyIn("copy geo.trips from stdin", new StringReader(trips.toString()));
			copy.copyIn("copy geo.trip_stops from stdin", new StringReader(tripStops.toString()));
		}
		jdbc.sql("analyze geo.trips").update();
		jdbc.sql("analyze geo.trip_stops").update();
		nearby = new NearbyTrips(new TripStops(jdbc, JsonMapper.builder().build()), Clock.systemUTC());
	}

	@TearDown(Level.Trial)
	public void close() {
		dataSource.close();
	}

	@Benchmark
	public List<NearbyTrips.NearbyTrip> around() {
		GeoPoint center;
		synchronized (random) {
			center = centers.get(random.nextInt(centers.size()));
		}
		return nearby.around(center, radiusKm, 20);
	}
}
