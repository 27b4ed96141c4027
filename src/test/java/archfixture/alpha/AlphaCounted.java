package archfixture.alpha;

import org.jmolecules.event.types.DomainEvent;

/** Breaks "events are immutable records": a record whose array component can be changed by anyone. */
public record AlphaCounted(int[] counts) implements DomainEvent {}
