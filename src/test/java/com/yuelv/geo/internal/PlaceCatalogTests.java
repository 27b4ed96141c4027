package com.yuelv.geo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped GeoNames extract, read as the application reads it. */
class PlaceCatalogTests {

	static final long KYOTO = 1857910;
	static PlaceCatalog catalog;

	@BeforeAll
	static void read() {
		catalog = new PlaceCatalog();
	}

	private static List<Long> ids(String prefix) {
		return catalog.startingWith(prefix, 5).stream().map(match -> match.place().id()).toList();
	}

	@Test
	void findsACityByItsNameInEveryScript() {
		assertThat(ids("京都").getFirst()).isEqualTo(KYOTO);
		assertThat(ids("Kyoto").getFirst()).isEqualTo(KYOTO);
		assertThat(ids("ＫＹＯＴＯ").getFirst()).as("full-width Latin").isEqualTo(KYOTO);
		assertThat(ids("Kyōto").getFirst()).as("with a macron").isEqualTo(KYOTO);
		assertThat(ids("きょうと")).contains(KYOTO);
		assertThat(ids("교토")).contains(KYOTO);
		assertThat(ids("东京").getFirst()).isEqualTo(1850147L);
		assertThat(ids("東京").getFirst()).isEqualTo(1850147L);
		assertThat(ids("서울").getFirst()).isEqualTo(1835848L);
		assertThat(ids("กรุงเทพ").getFirst()).isEqualTo(1609350L);
		assertThat(ids("巴黎").getFirst()).isEqualTo(2988507L);
	}

	@Test
	void ranksWholeNamesFirstThenByPopulation() {
		var matches = catalog.startingWith("Par", 5);
		assertThat(matches.getFirst().place().name()).isEqualTo("Paris");
		assertThat(matches).extracting(match -> match.place().population())
				.isSortedAccordingTo((a, b) -> Long.compare(b, a));
	}

	@Test
	void namesACityInTheReadersLanguage() {
		var kyoto = catalog.find(KYOTO).orElseThrow();
		assertThat(kyoto.nameIn("zh")).isEqualTo("京都");
		assertThat(kyoto.nameIn("ja")).isEqualTo("京都");
		assertThat(kyoto.nameIn("en")).isEqualTo("Kyoto");
		var tokyo = catalog.find(1850147).orElseThrow();
		assertThat(tokyo.nameIn("zh")).isEqualTo("东京");
		assertThat(tokyo.nameIn("ja")).isEqualTo("東京");
		assertThat(catalog.find(2988507).orElseThrow().nameIn("ja")).isEqualTo("パリ");
	}

	@Test
	void everyCityOfAMillionWithAChineseNameInTheDataIsFoundByIt() {
		assertThat(catalog.size()).isGreaterThan(40_000);
		var checked = 0;
		for (long id : catalog.ids()) {
			var place = catalog.find(id).orElseThrow();
			if (place.population() < 1_000_000) {
				continue;
			}
			for (var script : List.of("han", "ja")) {
				for (var name : place.names().getOrDefault(script, List.of())) {
					assertThat(catalog.startingWith(name, 50)).as("%s by %s", place.name(), name)
							.anyMatch(match -> match.place().id() == id);
					checked++;
				}
			}
		}
		assertThat(checked).isGreaterThan(800);
	}
}
