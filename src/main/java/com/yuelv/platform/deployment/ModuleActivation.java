package com.yuelv.platform.deployment;

import java.util.ArrayList;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.Ordered;


/**
 * Leaves the beans of modules that run in other deployments out of the application context: their components,
 * configuration classes and what those declare, their repositories and their configuration properties. Runs after
 * the configuration classes were read (component scanning and repository registration are done by then) and before
 * any bean is created, so a module that is not local costs nothing but its classes on the class path.
 * <p>
 * In their place come the modules' remote faces: each module's {@code remote} package holds the HTTP contract of its
 * API ({@code @HttpExchange} interfaces) and the classes that implement the API over it. Where the module is not
 * local and a local module calls it, each contract becomes a bean made by {@link PeerClients} and each implementation
 * a bean, so that callers of the module's API get the remote one without a line of their code changing.
 */
final class ModuleActivation implements BeanDefinitionRegistryPostProcessor, Ordered {

	private static final Logger LOG = LoggerFactory.getLogger(ModuleActivation.class);

	private static final String PEER_CLIENTS = "peerClients";

	private final LocalModules modules;

	ModuleActivation(LocalModules modules) {
		this.modules = modules;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!modules.isSplit()) {
			LOG.info("This deployment runs {}", modules);
			return;
		}
		var removed = new ArrayList<String>();
		for (var name : registry.getBeanDefinitionNames()) {
			var owner = ownerOf(registry.getBeanDefinition(name));
			if (owner != null && modules.moduleOf(owner).filter(module -> !modules.isLocal(module)).isPresent()) {
				registry.removeBeanDefinition(name);
				removed.add(name);
			}
		}
		var added = new ArrayList<String>();
		var callers = PlaceableModules.callersByCallee();
		for (var module : modules.remote()) {
			if (callers.getOrDefault(module, java.util.Set.of()).stream().noneMatch(modules::isLocal)) {
				continue; // no local module calls it
			}
			for (var type : RemoteFace.of(module)) {
				var definition = new RootBeanDefinition(type);
				if (type.isInterface()) {
					definition.setFactoryBeanName(PEER_CLIENTS);
					definition.setFactoryMethodName("client");
					definition.getConstructorArgumentValues().addIndexedArgumentValue(0, module);
					definition.getConstructorArgumentValues().addIndexedArgumentValue(1, type);
					definition.setTargetType(type);
				}
				var name = module + ".remote." + type.getSimpleName();
				registry.registerBeanDefinition(name, definition);
				added.add(name);
			}
		}
		if (!added.isEmpty()) {
			registry.registerBeanDefinition(PEER_CLIENTS, new RootBeanDefinition(PeerClients.class));
		}
		LOG.info("This deployment runs {}; {} beans of the others left out, {} remote ones in their place", modules,
				removed.size(), added.size());
		LOG.debug("Left out: {}; remote: {}", removed, added);
	}

	/** The class a bean comes from: the declaring class of a factory method, what a factory bean
	 * (a repository's) makes, or its own. */
	static @Nullable String ownerOf(BeanDefinition definition) {
		if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null) {
			return annotated.getFactoryMethodMetadata().getDeclaringClassName();
		}
		var objectType = definition.getAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE);
		if (objectType instanceof String name) {
			return name;
		}
		if (objectType instanceof Class<?> type) {
			return type.getName();
		}
		// a repository's factory bean: its target type names the repository interface it makes
		var made = definition.getResolvableType().as(FactoryBean.class).getGeneric(0).resolve();
		if (made != null) {
			return made.getName();
		}
		return definition.getBeanClassName();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
