package com.yuelv.platform.deployment;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jmolecules.event.types.DomainEvent;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;


/**
 * Which modules' events cross deployments, from the module metadata (who listens to whom): a local module's events go
 * out when a module of another deployment listens to them, and a remote module's events come in when a local module
 * does. Events are carried by their type's name below the base package ({@code trip.TripPublished},
 * {@code booking.BookingEvent$JoinAccepted}), and only the domain events of a module's API package are known types.
 */
public final class EventRoutes {

	private static final String BASE_PACKAGE = "com.yuelv.";

	private final Map<String, Set<String>> outgoing;
	private final Map<String, Set<String>> incoming;

	EventRoutes(LocalModules modules, Map<String, Set<String>> listenersByPublisher) {
		var out = new TreeMap<String, Set<String>>();
		var in = new TreeMap<String, Set<String>>();
		listenersByPublisher.forEach((publisher, listeners) -> {
			for (var listener : listeners) {
				if (modules.isLocal(publisher) && !modules.isLocal(listener)) {
					out.computeIfAbsent(listener, it -> new TreeSet<>()).add(publisher);
				}
				if (!modules.isLocal(publisher) && modules.isLocal(listener)) {
					in.computeIfAbsent(listener, it -> new TreeSet<>()).add(publisher);
				}
			}
		});
		this.outgoing = Collections.unmodifiableMap(out);
		this.incoming = Collections.unmodifiableMap(in);
	}

	public static EventRoutes of(LocalModules modules) {
		return new EventRoutes(modules, PlaceableModules.listenersByPublisher());
	}

	/** Local modules whose events another deployment listens to. */
	public Set<String> outgoing() {
		var publishers = new TreeSet<String>();
		outgoing.values().forEach(publishers::addAll);
		return publishers;
	}

	/** For each module of another deployment that listens to local modules, those local modules. */
	public Map<String, Set<String>> outgoingByListener() {
		return outgoing;
	}

	/** The modules of other deployments whose events local modules listen to. */
	public Set<String> incomingPublishers() {
		var publishers = new TreeSet<String>();
		incoming.values().forEach(publishers::addAll);
		return publishers;
	}

	/** For each local module that listens to a module of another deployment, those modules. */
	public Map<String, Set<String>> incoming() {
		return incoming;
	}

	/** The name an event type travels under. */
	public static String typeName(Class<?> type) {
		return type.getName().substring(BASE_PACKAGE.length());
	}

	/** The module an event type belongs to, by the first part of its name. */
	public static String moduleOf(String typeName) {
		var dot = typeName.indexOf('.');
		return dot < 0 ? "" : typeName.substring(0, dot);
	}

	/** The domain events of the API package of each given module, by the name they travel under. */
	public static Map<String, Class<?>> eventTypes(Iterable<String> modules) {
		var scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isIndependent() && definition.getMetadata().isConcrete();
			}
		};
		scanner.addIncludeFilter(new AssignableTypeFilter(DomainEvent.class));
		var types = new TreeMap<String, Class<?>>();
		for (var module : modules) {
			var apiPackage = BASE_PACKAGE + module;
			for (var candidate : scanner.findCandidateComponents(apiPackage)) {
				var type = ClassUtils.resolveClassName(candidate.getBeanClassName(), EventRoutes.class.getClassLoader());
				if (type.getPackageName().equals(apiPackage)) {
					types.put(typeName(type), type);
				}
			}
		}
		return types;
	}
}
