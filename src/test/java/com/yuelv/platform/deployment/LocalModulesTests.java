package com.yuelv.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LocalModulesTests {

	private static final Set<String> ALL = Set.of("booking", "geo", "identity", "search", "trip");

	@Test
	void noListMeansEveryModule() {
		var modules = LocalModules.of(ALL, List.of());
		assertThat(modules.isSplit()).isFalse();
		assertThat(modules.local()).isEqualTo(ALL);
		assertThat(modules.remote()).isEmpty();
		assertThat(LocalModules.of(ALL, List.of(" ", "")).isSplit()).isFalse();
	}

	@Test
	void aListNamesTheLocalModulesAndTheRestAreRemote() {
		var modules = LocalModules.of(ALL, List.of(" trip", "booking ", "geo"));
		assertThat(modules.isSplit()).isTrue();
		assertThat(modules.local()).containsExactly("booking", "geo", "trip");
		assertThat(modules.remote()).containsExactly("identity", "search");
		assertThat(modules.isLocal("trip")).isTrue();
		assertThat(modules.isLocal("search")).isFalse();
	}

	@Test
	void anUnknownModuleIsRefusedNamingTheProperty() {
		assertThatThrownBy(() -> LocalModules.of(ALL, List.of("trip", "payments")))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("yuelv.split.modules: unknown module 'payments'; the modules are booking, geo, identity, "
						+ "search, trip");
	}

	@Test
	void classesBelongToTheModuleOfTheirPackage() {
		var modules = LocalModules.of(ALL, List.of("search"));
		assertThat(modules.moduleOf("com.yuelv.trip.internal.Trip")).contains("trip");
		assertThat(modules.moduleOf("com.yuelv.trip.TripApi")).contains("trip");
		assertThat(modules.moduleOf("com.yuelv.platform.web.ProblemTypes")).isEmpty();
		assertThat(modules.moduleOf("com.yuelv.YuelvApplication")).isEmpty();
		assertThat(modules.moduleOf("com.yuelvx.trip.Thing")).isEmpty();
		assertThat(modules.moduleOf("org.springframework.Thing")).isEmpty();
	}

	@Test
	void theBuildKnowsEveryPlaceableModule() {
		var environment = new org.springframework.mock.env.MockEnvironment()
				.withProperty(LocalModules.PROPERTY, "search");
		var modules = LocalModules.from(environment);
		assertThat(modules.all()).contains("booking", "demo", "geo", "identity", "notification", "search", "trip");
		assertThat(modules.local()).containsExactly("search");
	}
}
