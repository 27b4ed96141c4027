package com.yuelv.platform.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import tools.jackson.databind.json.JsonMapper;

/**
 * What encrypting a profile's fields costs its read: opening the three sealed fields of an account (email, display
 * name, home city) as loading it does, beside writing the profile's answer as JSON, which every read of it pays too
 * (the ratio is the figure); and sealing them, as a profile change does. Run with
 * {@code bench/jmh.sh FieldDecryptionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FieldDecryptionBenchmark {

	record Profile(String id, String email, String displayName, String homeCity, String bio) {}

	private static final String EMAIL = "wang.fang.travels@example.com";
	private static final String NAME = "王芳 Fang";
	private static final String CITY = "成都 Chengdu";

	private TinkFieldCipher cipher;
	private String email;
	private String name;
	private String city;
	private final JsonMapper json = JsonMapper.builder().build();
	private final Profile profile = new Profile("2b1f0c52-8d4e-4f55-9a7e-0c1c2f3d4e5f", EMAIL, NAME, CITY,
			"周末徒步，喜欢川西的雪山和小众古镇。");

	@Setup
	public void setUp() throws IOException {
		var directory = Files.createTempDirectory("field-decryption");
		var database = new DriverManagerDataSource(
				"jdbc:h2:mem:field-decryption;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		var jdbc = JdbcClient.create(database);
		jdbc.sql("create schema if not exists platform").update();
		jdbc.sql(Files.readString(Path.of("src/main/resources/db/migration/platform/V8__data_keysets.sql"))).update();
		var kek = new FileKeyEncryptionKey(directory.resolve("kek.bin"));
		var beans = new StaticListableBeanFactory();
		beans.addBean("transactions", new DataSourceTransactionManager(database));
		var keys = new DataKeys(jdbc, beans.getBeanProvider(PlatformTransactionManager.class), kek,
				Clock.systemUTC());
		cipher = new TinkFieldCipher(keys);
		email = cipher.seal("identity", EMAIL);
		name = cipher.seal("identity", NAME);
		city = cipher.seal("identity", CITY);
	}

	@Benchmark
	public void openAProfilesSealedFields(Blackhole blackhole) {
		blackhole.consume(cipher.open("identity", email));
		blackhole.consume(cipher.open("identity", name));
		blackhole.consume(cipher.open("identity", city));
	}

	@Benchmark
	public void sealAProfilesFields(Blackhole blackhole) {
		blackhole.consume(cipher.seal("identity", EMAIL));
		blackhole.consume(cipher.seal("identity", NAME));
		blackhole.consume(cipher.seal("identity", CITY));
	}

	@Benchmark
	public String writeTheProfileAsJson() {
		return json.writeValueAsString(profile);
	}
}
