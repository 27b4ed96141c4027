package com.yuelv.platform.events;

import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.stereotype.Component;

import com.yuelv.platform.deployment.EventRoutes;
import com.yuelv.platform.deployment.LocalModules;

/**
 * The publications of the shared registry that this deployment delivers. Every shape of the application keeps its
 * outbox in one table of one database, so a deployment sees the publications of every other: it resubmits those of
 * its own modules' listeners, and the externalizations of its own modules' events when it sends them to other
 * deployments; the rest belong to the deployment that hosts their listener. A publication the single JAR left for
 * {@code search} is therefore delivered by the deployment that runs {@code search} once the split took over, and the
 * other way round.
 */
@Component
final class OwnPublications implements Predicate<EventPublication> {

	private final LocalModules modules;
	private final EventRoutes routes;

	OwnPublications(LocalModules modules, EventRoutes routes) {
		this.modules = modules;
		this.routes = routes;
	}

	@Override
	public boolean test(EventPublication publication) {
		if (!(publication instanceof TargetEventPublication target)) {
			return false;
		}
		var listenerModule = modules.moduleOf(target.getTargetIdentifier().getValue());
		if (listenerModule.isPresent()) {
			return modules.isLocal(listenerModule.get());
		}
		// not a module's listener: the externalization to other deployments, which sends only local modules' events
		return eventModule(publication).filter(routes.outgoing()::contains).isPresent();
	}

	/**
	 * An externalization of a local module's event that this deployment sends nowhere: another shape was sending it
	 * when it stopped, and the event's listeners now run here ({@link HalfSentEvents}).
	 */
	boolean leftUnsent(TargetEventPublication publication) {
		return modules.moduleOf(publication.getTargetIdentifier().getValue()).isEmpty() && eventModule(publication)
				.filter(module -> modules.isLocal(module) && !routes.outgoing().contains(module)).isPresent();
	}

	private Optional<String> eventModule(EventPublication publication) {
		return modules.moduleOf(publication.getEvent().getClass().getName());
	}
}
