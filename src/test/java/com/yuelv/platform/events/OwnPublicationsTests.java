package com.yuelv.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;

import com.yuelv.identity.AccountRegistered;
import com.yuelv.platform.deployment.EventRoutes;
import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

/**
 * Which publications of the shared registry a deployment delivers: its own modules' listeners', and the
 * externalizations of its own modules' events where it sends them to other deployments; never another deployment's.
 */
class OwnPublicationsTests {

	static final String GEO_LISTENER = "com.yuelv.geo.internal.TripStopFeed.on(com.yuelv.trip.TripPublished)";
	static final String SEARCH_LISTENER = "com.yuelv.search.internal.TripIndexFeed.on(com.yuelv.trip.TripPublished)";
	static final String EXTERNALIZER = "org.springframework.modulith.events.support.DelegatingEventExternalizer"
			+ ".externalize(java.lang.Object)";

	/** Stands for a trip event: what counts is the module its type belongs to. */
	final Object tripEvent = new TripId(UUID.randomUUID());
	final Object identityEvent = new AccountRegistered(UUID.randomUUID(), Instant.now(), new UserId(UUID.randomUUID()),
			"阿杰", 0);

	@Test
	void theTripsDeploymentDeliversItsListenersAndSendsTheTripModulesEvents() {
		var own = own("trip,booking,geo");

		assertThat(own.test(publication(tripEvent, GEO_LISTENER))).isTrue();
		assertThat(own.test(publication(tripEvent, SEARCH_LISTENER))).as("search's, in its own deployment").isFalse();
		assertThat(own.test(publication(tripEvent, EXTERNALIZER))).isTrue();
		assertThat(own.test(publication(identityEvent, EXTERNALIZER))).as("accounts sends identity's events")
				.isFalse();
	}

	@Test
	void theSearchDeploymentDeliversWhatTheSingleJarLeftForSearch() {
		var own = own("search");

		assertThat(own.test(publication(tripEvent, SEARCH_LISTENER))).isTrue();
		assertThat(own.test(publication(tripEvent, GEO_LISTENER))).isFalse();
		assertThat(own.test(publication(tripEvent, EXTERNALIZER))).as("search publishes nothing others hear")
				.isFalse();
	}

	@Test
	void theSingleJarDeliversEveryListenersButSendsNothing() {
		var own = own("");

		assertThat(own.test(publication(tripEvent, GEO_LISTENER))).isTrue();
		assertThat(own.test(publication(tripEvent, SEARCH_LISTENER))).isTrue();
		assertThat(own.test(publication(tripEvent, EXTERNALIZER))).as("left by a split's trips deployment")
				.isFalse();
		assertThat(own.leftUnsent(publication(tripEvent, EXTERNALIZER))).as("so it takes that event over").isTrue();
		assertThat(own.leftUnsent(publication(tripEvent, GEO_LISTENER))).isFalse();
	}

	@Test
	void aSplitDeploymentTakesOverNothingItSendsItself() {
		assertThat(own("trip,booking,geo").leftUnsent(publication(tripEvent, EXTERNALIZER))).isFalse();
		assertThat(own("search").leftUnsent(publication(tripEvent, EXTERNALIZER))).as("not its module's event")
				.isFalse();
	}

	private static OwnPublications own(String modules) {
		var local = LocalModules.from(new MockEnvironment().withProperty(LocalModules.PROPERTY, modules));
		return new OwnPublications(local, EventRoutes.of(local));
	}

	private static TargetEventPublication publication(Object event, String listener) {
		return TargetEventPublication.of(event, PublicationTargetIdentifier.of(listener));
	}
}
