package com.yuelv;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The project's own architecture rules, on top of Spring Modulith's verification and jMolecules' DDD rules. Each rule
 * takes the base package whose direct subpackages are the application modules: a module's API is its base package,
 * everything in its subpackages is internal.
 */
public final class ArchitectureRules {

	private ArchitectureRules() {}

	public static List<ArchRule> all(String basePackage) {
		return List.of(noModuleReachesIntoAnotherModulesInternals(basePackage),
				persistenceTypesAreNotModuleApi(basePackage), controllersLiveInInternalWebPackages(basePackage),
				noFieldInjection(), eventsAreImmutableRecords(), eventsArePartOfTheirModulesApi(basePackage),
				theRuntimeDoesNotDependOnBuildTools(basePackage), personalDataIsGraded());
	}

	/**
	 * Names that say personal data, by their last word ({@code homeCity}, {@code placeName}, but not
	 * {@code commentCount}): what a person is called, where they are, how to reach them, what they wrote.
	 */
	static final Pattern PERSONAL_SOUNDING = Pattern.compile(
			"(?:email|phone|name|city|address|birth|birthday|passport|face|bio|message|text|texts|body|comment"
					+ "|description|title|latitude|longitude|location|place)"
					+ "|.*[a-z0-9](?:Email|Phone|Name|City|Address|Birth|Birthday|Passport|Face|Bio|Message|Text|Texts"
					+ "|Body|Comment|Description|Title|Latitude|Longitude|Location|Place)");

	/**
	 * Every field of an entity or embeddable whose name sounds personal carries its {@code @PersonalData} grade, which
	 * decides whether it is encrypted at rest and takes it into a person's export and erasure.
	 */
	public static ArchRule personalDataIsGraded() {
		return fields().that(new DescribedPredicate<JavaField>("are stored fields with a personal-sounding name") {
			@Override
			public boolean test(JavaField field) {
				var owner = field.getOwner();
				return (owner.isAnnotatedWith("jakarta.persistence.Entity")
						|| owner.isAnnotatedWith("jakarta.persistence.Embeddable"))
						&& !field.getModifiers().contains(JavaModifier.STATIC)
						&& !field.isAnnotatedWith("jakarta.persistence.Transient")
						&& PERSONAL_SOUNDING.matcher(field.getName()).matches();
			}
		}).should().beAnnotatedWith("com.yuelv.shared.PersonalData")
				.as("stored fields with a personal-sounding name carry their @PersonalData grade");
	}

	/**
	 * The split build (the package {@code build} under the base package: topologies, manifests, per-deployment
	 * artifacts) runs at build time only; no class of the application may depend on it, so that it can stay out of
	 * every artifact that runs.
	 */
	public static ArchRule theRuntimeDoesNotDependOnBuildTools(String basePackage) {
		var build = basePackage + ".build..";
		return noClasses().that().resideInAPackage(basePackage + "..").and().resideOutsideOfPackage(build)
				.should().dependOnClassesThat().resideInAPackage(build)
				.as("the application does not depend on the build tools in " + build)
				.allowEmptyShould(true);
	}

	public static ArchRule noModuleReachesIntoAnotherModulesInternals(String basePackage) {
		return classes().that().resideInAPackage(basePackage + "..")
				.should(new ArchCondition<JavaClass>("use other modules only through their API packages") {
					@Override
					public void check(JavaClass origin, ConditionEvents events) {
						var originModule = module(basePackage, origin);
						origin.getDirectDependenciesFromSelf().forEach(dependency -> {
							var target = dependency.getTargetClass().getBaseComponentType();
							var targetModule = module(basePackage, target);
							if (targetModule != null && !targetModule.equals(originModule)
									&& !target.getPackageName().equals(basePackage + "." + targetModule)) {
								events.add(SimpleConditionEvent.violated(origin, "%s reaches into module %s: %s"
										.formatted(origin.getName(), targetModule, dependency.getDescription())));
							}
						});
					}
				})
				.as("no module reaches into another module's internals");
	}

	public static ArchRule persistenceTypesAreNotModuleApi(String basePackage) {
		return classes().that().resideInAPackage(basePackage + "..")
				.and(persistenceTypes())
				.should(resideInAnInternalPackageOfTheirModule(basePackage))
				.as("JPA entities and Spring Data repositories are not part of a module's API");
	}

	public static ArchRule controllersLiveInInternalWebPackages(String basePackage) {
		return classes().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
				.or().areAnnotatedWith("org.springframework.stereotype.Controller")
				// a business module's (trip.web) or a platform module's (platform.openapi.web)
				.should().resideInAnyPackage(basePackage + ".*.web..", basePackage + ".platform.*.web..")
				.as("controllers live in an internal web package of their module");
	}

	public static ArchRule noFieldInjection() {
		return noFields()
				.should().beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
				.orShould().beAnnotatedWith("org.springframework.beans.factory.annotation.Value")
				.orShould().beAnnotatedWith("jakarta.inject.Inject")
				.orShould().beAnnotatedWith("jakarta.annotation.Resource")
				.as("no field injection: collaborators come through constructors");
	}

	/** Events are records; an interface that groups a module's events (a sealed family) is not an event itself. */
	public static ArchRule eventsAreImmutableRecords() {
		return classes().that(areDomainEvents()).and().areNotInterfaces()
				.should(new ArchCondition<JavaClass>("be records without mutable components") {
					@Override
					public void check(JavaClass event, ConditionEvents events) {
						if (!event.isRecord()) {
							events.add(SimpleConditionEvent.violated(event, event.getName() + " is not a record"));
							return;
						}
						for (JavaField field : event.getFields()) {
							if (field.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)) {
								continue;
							}
							var type = field.getRawType();
							if (type.isArray() || type.isAssignableTo(Date.class)
									|| isMutableCollectionImplementation(type)) {
								events.add(SimpleConditionEvent.violated(event, "%s has a mutable component %s of type %s"
										.formatted(event.getName(), field.getName(), type.getName())));
							}
						}
					}
				})
				.as("events are immutable records");
	}

	public static ArchRule eventsArePartOfTheirModulesApi(String basePackage) {
		return classes().that(areDomainEvents()).and().resideInAPackage(basePackage + "..")
				.should(new ArchCondition<JavaClass>("reside in their module's API package") {
					@Override
					public void check(JavaClass event, ConditionEvents events) {
						var module = module(basePackage, event);
						if (module == null || !event.getPackageName().equals(basePackage + "." + module)) {
							events.add(SimpleConditionEvent.violated(event,
									event.getName() + " is not in its module's API package"));
						}
					}
				})
				.as("events belong to the API of the module that publishes them");
	}

	private static boolean isMutableCollectionImplementation(JavaClass type) {
		var collection = type.isAssignableTo(Collection.class) || type.isAssignableTo(Map.class);
		return collection && !type.isInterface();
	}

	private static DescribedPredicate<JavaClass> areDomainEvents() {
		return DescribedPredicate.describe("are domain events",
				type -> type.isAssignableTo("org.jmolecules.event.types.DomainEvent")
						|| type.isAnnotatedWith("org.jmolecules.event.annotation.DomainEvent"));
	}

	private static DescribedPredicate<JavaClass> persistenceTypes() {
		var annotations = Set.of("jakarta.persistence.Entity", "jakarta.persistence.Embeddable",
				"jakarta.persistence.MappedSuperclass");
		return DescribedPredicate.describe("are JPA entities or Spring Data repositories",
				type -> annotations.stream().anyMatch(type::isAnnotatedWith)
						|| type.isAssignableTo("org.springframework.data.repository.Repository"));
	}

	private static ArchCondition<JavaClass> resideInAnInternalPackageOfTheirModule(String basePackage) {
		return new ArchCondition<>("reside in an internal package of their module") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				var module = module(basePackage, type);
				if (module == null || type.getPackageName().equals(basePackage + "." + module)) {
					events.add(SimpleConditionEvent.violated(type,
							type.getName() + " is part of the API of module " + module));
				}
			}
		};
	}

	/** The module a class belongs to: the first package segment below the base package, if any. */
	static String module(String basePackage, JavaClass type) {
		var name = type.getPackageName();
		if (!name.startsWith(basePackage + ".")) {
			return null;
		}
		var rest = name.substring(basePackage.length() + 1);
		var dot = rest.indexOf('.');
		return dot < 0 ? rest : rest.substring(0, dot);
	}
}
