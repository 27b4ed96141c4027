package archfixture.alpha.internal;

import org.jmolecules.event.types.DomainEvent;

/** Breaks "events belong to their module's API": an event hidden in an internal package. */
public record HiddenHappened(String what) implements DomainEvent {}
