package archfixture.alpha;

import org.jmolecules.event.types.DomainEvent;

/** Breaks "events are immutable records": a mutable class. */
public class AlphaHappened implements DomainEvent {
	public String what;
}
