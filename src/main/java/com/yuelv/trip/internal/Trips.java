package com.yuelv.trip.internal;

import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

/** All trips, whatever their status. Listing published trips is {@link TripCatalog}'s job. */
@org.jmolecules.ddd.annotation.Repository
public interface Trips extends CrudRepository<Trip, UUID> {}
