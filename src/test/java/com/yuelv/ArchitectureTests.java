package com.yuelv;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;

import org.jmolecules.archunit.JMoleculesDddRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Checks the production code against the project's architecture rules and jMolecules' DDD rules, and proves that each
 * project rule fails on the broken fixture application in {@code archfixture}.
 */
class ArchitectureTests {

	static final String BASE = "com.yuelv";
	static final String FIXTURE = "archfixture";

	static final JavaClasses PRODUCTION = new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(BASE);

	static final JavaClasses BROKEN = new ClassFileImporter().importPackages(FIXTURE);

	@Test
	void productionCodeFollowsTheProjectRules() {
		ArchitectureRules.all(BASE).forEach(rule -> rule.check(PRODUCTION));
	}

	@Test
	void productionCodeFollowsTheJMoleculesDddRules() {
		JMoleculesDddRules.all().check(PRODUCTION);
	}

	static Stream<Arguments> rulesAndTheirViolations() {
		return Stream.of(
				Arguments.of("internals", (Function<String, ArchRule>) ArchitectureRules::noModuleReachesIntoAnotherModulesInternals,
						"BetaService reaches into module alpha"),
				Arguments.of("persistence", (Function<String, ArchRule>) ArchitectureRules::persistenceTypesAreNotModuleApi,
						"AlphaEntity is part of the API"),
				Arguments.of("repositories", (Function<String, ArchRule>) ArchitectureRules::persistenceTypesAreNotModuleApi,
						"AlphaRecords is part of the API"),
				Arguments.of("controllers", (Function<String, ArchRule>) ArchitectureRules::controllersLiveInInternalWebPackages,
						"BetaController"),
				Arguments.of("field injection", (Function<String, ArchRule>) base -> ArchitectureRules.noFieldInjection(),
						"FieldInjected.collaborator"),
				Arguments.of("mutable event class", (Function<String, ArchRule>) base -> ArchitectureRules.eventsAreImmutableRecords(),
						"AlphaHappened is not a record"),
				Arguments.of("array in event", (Function<String, ArchRule>) base -> ArchitectureRules.eventsAreImmutableRecords(),
						"AlphaCounted has a mutable component counts"),
				Arguments.of("internal event", (Function<String, ArchRule>) ArchitectureRules::eventsArePartOfTheirModulesApi,
						"HiddenHappened is not in its module's API package"),
				Arguments.of("build tools", (Function<String, ArchRule>) ArchitectureRules::theRuntimeDoesNotDependOnBuildTools,
						"AlphaDeployer"),
				Arguments.of("ungraded personal data", (Function<String, ArchRule>) base -> ArchitectureRules.personalDataIsGraded(),
						"AlphaMember.homeAddress"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rulesAndTheirViolations")
	void everyProjectRuleFailsOnCodeThatBreaksIt(String name, Function<String, ArchRule> rule, String violation) {
		assertThatCode(() -> rule.apply(BASE).check(PRODUCTION)).doesNotThrowAnyException();
		assertThatThrownBy(() -> rule.apply(FIXTURE).check(BROKEN))
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining(violation);
	}
}
