package com.yuelv.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.modulith.core.ApplicationModuleIdentifiers;
import org.springframework.modulith.runtime.flyway.SpringModulithFlywayMigrationStrategy;
import org.springframework.orm.jpa.persistenceunit.ManagedClassNameFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.yuelv.platform.PlatformProperties;
import com.yuelv.shared.AuditTrail;

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

	/** This deployment's own credential for its peers, and the check of theirs. */
	@Bean
	PeerCredentials peerCredentials(PeerSettings settings, LocalModules modules, PlatformProperties platform,
			AuditTrail audit, Clock clock) {
		return new PeerCredentials(settings, modules, platform, audit, clock);
	}

	/** Which internal API methods each peer deployment may call here. */
	@Bean
	WebMvcConfigurer internalApiGrants(PeerSettings settings, AuditTrail audit, Clock clock) {
		var grants = new InternalApiGrants(settings, audit, clock);
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(grants).addPathPatterns("/internal/**");
			}
		};
	}

	@Bean
	TopologyEndpoint topologyEndpoint(PeerSettings settings, LocalModules modules,
			ObjectProvider<BuildProperties> build) {
		return new TopologyEndpoint(settings, modules, build);
	}

	/** Entities of modules that run elsewhere are not mapped: their tables live in another deployment's database. */
	@Bean
	ManagedClassNameFilter localEntities(LocalModules modules) {
		return className -> modules.moduleOf(className).map(modules::isLocal).orElse(true);
	}

	/**
	 * Spring Modulith's per-module migrations (a history table per module), for the local modules only, in the order
	 * of the module metadata, and only those with migrations in one of Flyway's locations: Spring Modulith 2.0 runs a
	 * Flyway for every module it is given, each of which would warn that it found none.
	 */
	@Bean
	@Primary
	FlywayMigrationStrategy localModuleMigrations(ApplicationModuleIdentifiers identifiers, LocalModules modules) {
		return flyway -> {
			var locations = flyway.getConfiguration().getLocations();
			var migrated = identifiers.stream()
					.filter(identifier -> modules.isLocal(identifier.toString())
							|| !modules.all().contains(identifier.toString()))
					.filter(identifier -> hasMigrations(locations, identifier.toString()))
					.toList();
			new SpringModulithFlywayMigrationStrategy(ApplicationModuleIdentifiers.of(migrated)).migrate(flyway);
		};
	}

	private static boolean hasMigrations(Location[] locations, String module) {
		var resolver = new PathMatchingResourcePatternResolver();
		for (var location : locations) {
			var pattern = location.getDescriptor().replaceFirst("^classpath:", "classpath*:") + "/"
					+ module.replace('.', '/') + "/*";
			try {
				if (resolver.getResources(pattern).length > 0) {
					return true;
				}
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot look for migrations in " + pattern, e);
			}
		}
		return false;
	}
}
