package com.yuelv.trip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.yuelv.shared.Rejection;
import com.yuelv.trip.TripDraft;

/** The rules a trip's plan obeys, each refused with the field and rule a client is told. */
class TripPlanUnitTest {

	static final LocalDate TODAY = LocalDate.of(2027, 4, 1);

	static TripDraft kyoto() {
		return new TripDraft(Map.of("zh", "京都红叶之旅", "ja", "京都紅葉の旅"), Map.of("zh", "五天慢游京都。"), "京都 Kyoto",
				TODAY.plusDays(30), TODAY.plusDays(34),
				List.of(new TripDraft.Stop("清水寺", 34.9949, 135.785, 1), new TripDraft.Stop("嵐山", 35.0094, 135.6668, 3)),
				4, new BigDecimal("6800"), "CNY", List.of("zh", "ja-jp"), List.of("Autumn", "photography"));
	}

	static TripDraft with(UnaryOperator<TripDraft> change) {
		return change.apply(kyoto());
	}

	@Test
	void aSoundDraftBecomesAPlanWithCanonicalLanguagesAndItsDays() {
		var plan = TripPlan.of(kyoto(), TODAY);

		assertThat(plan.days()).isEqualTo(5);
		assertThat(plan.languages()).containsExactly("zh", "ja-JP");
		assertThat(plan.stops()).hasSize(2);
		assertThat(plan.budget().currency().getCurrencyCode()).isEqualTo("CNY");
	}

	static List<Object[]> brokenDrafts() {
		return List.of(
				new Object[] { with(d -> new TripDraft(Map.of(), d.description(), d.destination(), d.startDate(),
						d.endDate(), d.stops(), d.seats(), d.budgetAmount(), d.budgetCurrency(), d.languages(),
						d.tags())), "title", "required" },
				new Object[] { with(d -> new TripDraft(d.title(), Map.of("en", "Slow days"), d.destination(),
						d.startDate(), d.endDate(), d.stops(), d.seats(), d.budgetAmount(), d.budgetCurrency(),
						d.languages(), d.tags())), "description.en", "title-language" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), TODAY.minusDays(1),
						d.endDate(), d.stops(), d.seats(), d.budgetAmount(), d.budgetCurrency(), d.languages(),
						d.tags())), "startDate", "not-past" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(),
						TODAY.plusYears(3).plusDays(1), TODAY.plusYears(3).plusDays(2), d.stops(), d.seats(),
						d.budgetAmount(), d.budgetCurrency(), d.languages(), d.tags())), "startDate", "max-future" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), d.startDate(),
						d.startDate().minusDays(1), d.stops(), d.seats(), d.budgetAmount(), d.budgetCurrency(),
						d.languages(), d.tags())), "endDate", "after-start" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), d.startDate(),
						d.startDate().plusDays(365), d.stops(), d.seats(), d.budgetAmount(), d.budgetCurrency(),
						d.languages(), d.tags())), "endDate", "max-duration" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), d.startDate(),
						d.endDate(), d.stops(), 0, d.budgetAmount(), d.budgetCurrency(), d.languages(), d.tags())),
						"seats", "min" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), d.startDate(),
						d.endDate(), d.stops(), 101, d.budgetAmount(), d.budgetCurrency(), d.languages(), d.tags())),
						"seats", "max" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), d.startDate(),
						d.endDate(), List.of(new TripDraft.Stop("嵐山", 35.0, 135.6, 3),
								new TripDraft.Stop("清水寺", 34.9, 135.7, 1)), d.seats(), d.budgetAmount(),
						d.budgetCurrency(), d.languages(), d.tags())), "stops[1].day", "chronological" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), d.startDate(),
						d.endDate(), List.of(new TripDraft.Stop("伏見", 34.9, 135.7, 6)), d.seats(), d.budgetAmount(),
						d.budgetCurrency(), d.languages(), d.tags())), "stops[0].day", "within-trip" },
				new Object[] { with(d -> new TripDraft(d.title(), d.description(), d.destination(), d.startDate(),
						d.endDate(), d.stops(), d.seats(), d.budgetAmount(), d.budgetCurrency(), List.of(),
						d.tags())), "languages", "required" },
				new Object[] { with(d -> new TripDraft(Map.of("zh", "京都\u202E之旅"), null, d.destination(),
						d.startDate(), d.endDate(), d.stops(), d.seats(), d.budgetAmount(), d.budgetCurrency(),
						d.languages(), d.tags())), "title.zh", "no-bidi-controls" });
	}

	@ParameterizedTest
	@MethodSource("brokenDrafts")
	void aBrokenRuleIsRefusedNamingTheFieldAndTheRule(TripDraft draft, String field, String rule) {
		assertThatThrownBy(() -> TripPlan.of(draft, TODAY)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.violations()).singleElement().satisfies(violation -> {
					assertThat(violation.field()).isEqualTo(field);
					assertThat(violation.rule()).isEqualTo(rule);
				}));
	}
}
