package com.yuelv.platform.deployment;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.modulith.core.ApplicationModuleIdentifiers;
import org.springframework.modulith.runtime.flyway.SpringModulithFlywayMigrationStrategy;
import org.springframework.orm.jpa.persistenceunit.ManagedClassNameFilter;

/**
 * Runs the modules of this deployment and only those: the others' beans are left out of the context, their entities
 * out of the persistence unit, and their migrations out of Flyway, so that each deployment owns and migrates only its
 * modules' schemas.
 */
@Configuration(proxyBeanMethods = false)
class DeploymentConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LocalModules localModules(Environment environment) {
		return LocalModules.from(environment);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ModuleActivation moduleActivation(Environment environment) {
		return new ModuleActivation(LocalModules.from(environment));
	}

	/** Which events go out to other deployments and which come in. */
	@Bean
	EventRoutes eventRoutes(LocalModules modules) {
		return EventRoutes.of(modules);
	}

	/** Entities of modules that run elsewhere are not mapped: their tables live in another deployment's database. */
	@Bean
	ManagedClassNameFilter localEntities(LocalModules modules) {
		return className -> modules.moduleOf(className).map(modules::isLocal).orElse(true);
	}

	/**
	 * Spring Modulith's per-module migrations (a history table per module), for the local modules only, in the order
	 * of the module metadata.
	 */
	@Bean
	@Primary
	FlywayMigrationStrategy localModuleMigrations(ApplicationModuleIdentifiers identifiers, LocalModules modules) {
		var local = identifiers.stream().filter(identifier -> modules.isLocal(identifier.toString())
				|| !modules.all().contains(identifier.toString())).toList();
		return new SpringModulithFlywayMigrationStrategy(ApplicationModuleIdentifiers.of(local));
	}
}
