package com.yuelv.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.identity.IdentityApi;
import com.yuelv.shared.Rejection;
import com.yuelv.trip.TripApi;
import com.yuelv.trip.TripDraft;
import com.yuelv.trip.TripDraft.Stop;

/**
 * Loads the demo data set when the {@code demo} profile is active: four people and five trips (four published, one
 * draft) in Chinese, Japanese and English, dated from the day of loading. Loading again is a no-op.
 */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {

	static final String PASSWORD = "yuelv-demo-2026";

	private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

	private final IdentityApi identity;
	private final TripApi trips;
	private final Clock clock;
	private final TransactionTemplate transaction;

	DemoData(IdentityApi identity, TripApi trips, Clock clock, PlatformTransactionManager transactions) {
		this.identity = identity;
		this.trips = trips;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			// all or nothing: a start that dies half-way leaves no partial data set behind
			transaction.executeWithoutResult(status -> load());
			LOG.info("Loaded the demo data: 4 accounts (password '{}'), 5 trips", PASSWORD);
		}
		catch (Rejection rejection) {
			if (!"duplicate-email".equals(rejection.problemType())) {
				throw rejection;
			}
			LOG.info("Demo data is already loaded");
		}
	}

	private void load() {
		var mei = identity.register("mei@demo.yuelv.app", PASSWORD, "小美");
		var kenji = identity.register("kenji@demo.yuelv.app", PASSWORD, "健二");
		var emma = identity.register("emma@demo.yuelv.app", PASSWORD, "Emma");
		identity.register("admin@demo.yuelv.app", PASSWORD, "Yuelv Admin");

		var today = LocalDate.now(clock);
		var kyoto = trips.draft(mei, new TripDraft(
				texts("zh", "京都红叶之旅", "ja", "京都紅葉の旅", "en", "Kyoto autumn leaves"),
				texts("zh", "五天慢游京都，清水寺、岚山和哲学之道的红叶，欢迎喜欢摄影的朋友。",
						"ja", "五日間で京都の紅葉をゆっくり巡ります。写真好きの方歓迎。",
						"en", "Five slow days of maple leaves in Kyoto; photographers welcome."),
				"京都 Kyoto", today.plusDays(30), today.plusDays(34),
				List.of(new Stop("清水寺", 34.9949, 135.7850, 1), new Stop("嵐山", 35.0094, 135.6668, 2),
						new Stop("哲学の道", 35.0270, 135.7944, 4)),
				4, new BigDecimal("6800"), "CNY", List.of("zh", "ja"), List.of("autumn", "photography")));
		var niseko = trips.draft(kenji, new TripDraft(
				texts("ja", "ニセコでパウダースキー", "en", "Powder skiing in Niseko"),
				texts("ja", "中級者以上、レンタルあり。", "en", "Intermediate skiers and up; rentals available."),
				"北海道 ニセコ", today.plusDays(60), today.plusDays(65),
				List.of(new Stop("新千歳空港", 42.7752, 141.6923, 1), new Stop("ニセコ", 42.8048, 140.6874, 2)),
				3, new BigDecimal("180000"), "JPY", List.of("ja", "en"), List.of("ski", "winter")));
		var iceland = trips.draft(emma, new TripDraft(
				texts("en", "Iceland ring road in ten days"),
				texts("en", "Camper van, hot springs and waterfalls; split fuel and food."),
				"Iceland", today.plusDays(90), today.plusDays(99),
				List.of(new Stop("Reykjavík", 64.1466, -21.9426, 1), new Stop("Vík", 63.4186, -19.0060, 3),
						new Stop("Höfn", 64.2539, -15.2082, 5), new Stop("Akureyri", 65.6885, -18.1262, 8)),
				3, new BigDecimal("1450.00"), "EUR", List.of("en"), List.of("roadtrip", "nature")));
		var yunnan = trips.draft(mei, new TripDraft(
				texts("zh", "云南大理丽江徒步", "en", "Hiking Dali and Lijiang"),
				null, "云南 大理 丽江", today.plusDays(45), today.plusDays(51),
				List.of(new Stop("大理古城", 25.6065, 100.2676, 1), new Stop("丽江古城", 26.8721, 100.2299, 4),
						new Stop("虎跳峡", 27.1836, 100.1036, 6)),
				5, new BigDecimal("3500"), "CNY", List.of("zh"), List.of("hiking", "mountains")));
		trips.draft(emma, new TripDraft(texts("en", "Seoul food weekend"), null, "Seoul 서울",
				today.plusDays(20), today.plusDays(22), List.of(new Stop("Gwangjang Market", 37.5701, 126.9996, 1)),
				2, new BigDecimal("400"), "USD", List.of("en", "ko"), List.of("food")));

		trips.publish(mei, kyoto);
		trips.publish(kenji, niseko);
		trips.publish(emma, iceland);
		trips.publish(mei, yunnan);
	}

	private static Map<String, String> texts(String... languageAndText) {
		var texts = new LinkedHashMap<String, String>();
		for (int i = 0; i < languageAndText.length; i += 2) {
			texts.put(languageAndText[i], languageAndText[i + 1]);
		}
		return texts;
	}
}
