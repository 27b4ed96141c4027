package com.yuelv.search.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
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
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.util.FileSystemUtils;

import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripStatus;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trip search over an index of {@code trips} generated trips (100,000 by default) written in Chinese, Japanese and
 * English: a mix of one- and two-word queries in the three languages, half of them with a date or language filter.
 * Run with {@code bench/jmh.sh SearchBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = { "-Xms2g", "-Xmx2g" })
@Threads(2)
public class SearchBenchmark {

	static final String[][] PLACES = { { "京都", "京都", "Kyoto" }, { "北海道", "北海道", "Hokkaido" },
			{ "桂林", "桂林", "Guilin" }, { "西藏", "チベット", "Tibet" }, { "云南", "雲南", "Yunnan" },
			{ "冲绳", "沖縄", "Okinawa" }, { "首尔", "ソウル", "Seoul" }, { "清迈", "チェンマイ", "Chiang Mai" },
			{ "巴黎", "パリ", "Paris" }, { "冰岛", "アイスランド", "Iceland" }, { "新疆", "新疆", "Xinjiang" },
			{ "黄山", "黄山", "Huangshan" } };
	static final String[][] THEMES = { { "红叶", "紅葉", "autumn leaves" }, { "滑雪", "スキー", "skiing" },
			{ "温泉", "温泉", "hot springs" }, { "徒步", "ハイキング", "hiking" }, { "美食", "グルメ", "food" },
			{ "摄影", "写真", "photography" }, { "骑行", "サイクリング", "cycling" }, { "潜水", "ダイビング", "diving" },
			{ "露营", "キャンプ", "camping" }, { "古镇", "古い町並み", "old towns" } };
	static final String[] QUERIES = { "红叶", "京都 红叶", "滑雪", "北海道スキー", "温泉", "ハイキング", "hiking", "Kyoto autumn",
			"photography Iceland", "古镇", "美食 清迈", "diving Okinawa", "黄山", "露营", "サイクリング", "food" };

	@Param("100000")
	int trips;

	Path directory;
	LuceneTripIndex index;
	final Random random = new Random(7);

	@Setup(Level.Trial)
	public void index() throws IOException {
		directory = Files.createTempDirectory("yuelv-search-bench");
		index = new LuceneTripIndex(new SearchSettings(directory, java.time.Duration.ofSeconds(30)), JsonMapper.builder().build(),
				new SimpleMeterRegistry());
		var batch = new ArrayList<TripDetails>();
		for (int i = 0; i < trips; i++) {
			batch.add(trip(i));
			if (batch.size() == 5_000) {
				index.applyAll(batch);
				batch.clear();
			}
		}
		index.applyAll(batch);
		index.rebuilt(Instant.now());
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		index.destroy();
		FileSystemUtils.deleteRecursively(directory);
	}

	private TripDetails trip(int i) {
		var generator = new Random(i);
		var place = PLACES[generator.nextInt(PLACES.length)];
		var theme = THEMES[generator.nextInt(THEMES.length)];
		var other = THEMES[generator.nextInt(THEMES.length)];
		var title = new LinkedHashMap<String, String>();
		var languages = List.of(List.of("zh"), List.of("ja"), List.of("en"), List.of("zh", "en"), List.of("ja", "en"))
				.get(generator.nextInt(5));
		for (var language : languages) {
			title.put(language, switch (language) {
				case "zh" -> place[0] + theme[0] + "之旅 第" + i + "团";
				case "ja" -> place[1] + "で" + theme[1] + "を楽しむ旅 " + i;
				default -> theme[2] + " in " + place[2] + " #" + i;
			});
		}
		var description = new LinkedHashMap<String, String>();
		for (var language : languages) {
			description.put(language, switch (language) {
				case "zh" -> "我们一起去" + place[0] + "，白天" + theme[0] + "，晚上" + other[0] + "。欢迎新朋友加入！";
				case "ja" -> place[1] + "で" + theme[1] + "と" + other[1] + "を楽しみましょう。初めての方も歓迎です。";
				default -> "A relaxed week of " + theme[2] + " and " + other[2] + " around " + place[2]
						+ ", with time to meet locals.";
			});
		}
		var start = LocalDate.of(2027, 1, 1).plusDays(generator.nextInt(365));
		return new TripDetails(new TripId(new UUID(0, i)), new UserId(new UUID(1, i % 5000)), TripStatus.PUBLISHED,
				new LocalizedText(title), new LocalizedText(description), place[0] + " " + place[2], start,
				start.plusDays(2 + generator.nextInt(10)),
				List.of(new TripDetails.Stop(place[0] + "站", new GeoPoint(30, 120), 1),
						new TripDetails.Stop(place[1] + "の宿", new GeoPoint(30.1, 120.1), 2)),
				4, new Money(BigDecimal.valueOf(500 + generator.nextInt(20_000)), Currency.getInstance("CNY")),
				languages, List.of(), Instant.EPOCH, Instant.EPOCH, null, null, 2);
	}

	@Benchmark
	public void search(Blackhole hole) {
		int pick;
		synchronized (random) {
			pick = random.nextInt(QUERIES.length * 2);
		}
		var query = QUERIES[pick % QUERIES.length];
		var filtered = pick >= QUERIES.length;
		hole.consume(index.search(new TripSearch(query, filtered ? LocalDate.of(2027, 3, 1) : null,
				filtered ? LocalDate.of(2027, 6, 30) : null, null, null, filtered ? "zh" : null, null, 20)));
	}
}
